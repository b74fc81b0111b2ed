package complaints

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Minutes are a step's deadline in minutes from opening: face to face, and otherwise (letter,
// SMS, hotline, web); Business counts them in the store's business time, else on the clock.
type Minutes struct {
	FaceToFace int
	Remote     int
	Business   bool
}

// Policy holds a group's deadlines by severity and step.
type Policy map[Severity]map[Step]Minutes

// DefaultPolicy is the table of SPEC §5, counted in business time: dispatch in 30 minutes; a
// grievance assigned within an hour; first contact in 2 h (24 h for a major complaint made face
// to face, which counts on the clock: the customer is waiting); agreement in 24 h (major 48 h;
// not face to face: done within 48 h); the GM's instruction on a major complaint's signed plan
// within 4 h of the plan's deadline; the re-visit in 48 h (major 72 h); final approval a day
// after the re-visit's deadline.
var DefaultPolicy = Policy{
	Grievance: {Dispatch: {30, 30, true}, Assign: {60, 60, true}, Contact: {120, 120, true}, Resolve: {1440, 2880, true},
		Instruct: {3120, 3120, true}, Revisit: {2880, 2880, true}, Approve: {4320, 4320, true}},
	General: {Dispatch: {30, 30, true}, Assign: {60, 60, true}, Contact: {120, 120, true}, Resolve: {1440, 2880, true},
		Instruct: {3120, 3120, true}, Revisit: {2880, 2880, true}, Approve: {4320, 4320, true}},
	Major: {Dispatch: {30, 30, true}, Assign: {60, 60, true}, Contact: {1440, 120, false}, Resolve: {2880, 2880, true},
		Instruct: {3120, 3120, true}, Revisit: {4320, 4320, true}, Approve: {5760, 5760, true}},
}

// WarnAt is the share of a step's time used when its owner is warned, in percent.
const WarnAt = 75

// Deadline is a step's deadline as the policy sets it: how its time counts, when it is due, when
// WarnAt percent of it is used, and when it would be due on the clock.
type Deadline struct {
	Timing  Timing
	Due     time.Time
	Warn    time.Time
	OnClock time.Time
}

// Due is a step's deadline for time counted from from (the form's opening): the step's minutes
// in the store's business time by cal, or on the clock, as the policy says.
func (p Policy) Due(sev Severity, faceToFace bool, step Step, from time.Time, cal calendar.Calendar) Deadline {
	m := p[sev][step]
	n := m.Remote
	if faceToFace {
		n = m.FaceToFace
	}
	d := time.Duration(n) * time.Minute
	k := Timing{Business: m.Business, Calendar: cal}
	return Deadline{Timing: k, Due: k.Add(from, d), Warn: k.Add(from, d*WarnAt/100), OnClock: from.Add(d)}
}

// StepsFor lists the steps a form of the severity goes through after dispatch.
func StepsFor(sev Severity) []Step {
	switch sev {
	case Grievance:
		return []Step{Assign, Contact, Resolve, Revisit, Approve}
	case Major:
		return []Step{Contact, Resolve, Instruct, Revisit, Approve}
	}
	return []Step{Contact, Resolve, Revisit, Approve}
}

// ReadPolicy reads the group's policy: its own rows over the defaults.
func (s *Service) ReadPolicy(ctx context.Context, tenantID int64) (Policy, error) {
	var p Policy
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		p, err = readPolicy(ctx, tx, tenantID)
		return err
	})
	return p, err
}

// SavePolicy checks a policy (every deadline from 1 minute to 30 days; errors keyed
// severity_step_f2f or severity_step_remote) and replaces the group's in one transaction.
func (s *Service) SavePolicy(ctx context.Context, tenantID int64, p Policy) error {
	if err := p.check(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return p.save(ctx, tx, tenantID)
	})
}

// save replaces the group's policy with p in tx.
func (p Policy) save(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM complaint_sla WHERE tenant_id = $1`, tenantID); err != nil {
		return postgres.Err("complaints.SavePolicy", err)
	}
	for sev, steps := range p {
		for st, m := range steps {
			_, err := tx.Exec(ctx, `INSERT INTO complaint_sla (tenant_id, severity, step, minutes, remote_minutes, business)
				VALUES ($1, $2, $3, $4, $5, $6)`, tenantID, sev, st, m.FaceToFace, m.Remote, m.Business)
			if err != nil {
				return postgres.Err("complaints.SavePolicy", err)
			}
		}
	}
	return nil
}

// check refuses a deadline under 1 minute or over 30 days, keyed severity_step_f2f or
// severity_step_remote.
func (p Policy) check() error {
	errs := map[string]string{}
	for sev, steps := range p {
		for st, m := range steps {
			for suffix, n := range map[string]int{"f2f": m.FaceToFace, "remote": m.Remote} {
				if n < 1 || n > 43200 {
					errs[string(sev)+"_"+string(st)+"_"+suffix] = "validation.sla_minutes"
				}
			}
		}
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}
