package followups

// TaskStatus is where a follow-up task stands; the database's CHECK on follow_up_tasks.status
// allows exactly these values.
type TaskStatus string

const (
	// TaskOpen is a task still to be called: the worklist shows it and agents may work on it.
	TaskOpen TaskStatus = "open"
	// TaskLinked is a task whose survey went to the customer as a link: no agent calls while the
	// link is open; it completes with the customer's answers, or closes when the link expires.
	TaskLinked TaskStatus = "linked"
	// TaskCompleted is a task whose customer was reached and whose survey, if any, is completed.
	TaskCompleted TaskStatus = "completed"
	// TaskUnreachable is a task closed because its attempts ran out or the number was wrong.
	TaskUnreachable TaskStatus = "unreachable"
	// TaskExpired is a task whose window passed before the customer was reached.
	TaskExpired TaskStatus = "expired"
	// TaskCancelled is a task closed because the customer refused the call.
	TaskCancelled TaskStatus = "cancelled"
)

// TaskStatuses lists every task status, in the order the schema names them.
var TaskStatuses = []TaskStatus{TaskOpen, TaskLinked, TaskCompleted, TaskUnreachable, TaskExpired, TaskCancelled}

// SurveyStatus is where the survey of a reached call stands; the database's CHECK on
// surveys.status allows exactly these values.
type SurveyStatus string

const (
	// SurveyOpen is a survey being taken: the agent may still change its answers.
	SurveyOpen SurveyStatus = "open"
	// SurveyCompleted is a completed survey, scored and counted in the roll-ups.
	SurveyCompleted SurveyStatus = "completed"
	// SurveyVoided is a completed survey taken back out of the scores, with a reason.
	SurveyVoided SurveyStatus = "voided"
)

// SurveyStatuses lists every survey status, in the order the schema names them.
var SurveyStatuses = []SurveyStatus{SurveyOpen, SurveyCompleted, SurveyVoided}
