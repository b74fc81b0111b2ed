package synthetic

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/postgres"
)

// ComplaintEvery is how many completed surveys there are per complaint: one in fifty customers
// called is unhappy enough for a tracking form.
const ComplaintEvery = 50

// SeedComplaints gives every synthetic group that has none its complaint tracking forms, for the
// complaint queues: one per ComplaintEvery completed surveys, opened when the survey was
// completed, against the department the survey scored (sales for a purchase, after-sales for a
// service). A form of the last 30 days before now stands at any step of the workflow, with its
// current step's deadline from the default policy; an older one is closed. It reports each
// group to out, and refuses a Citus cluster (ErrCitus).
func SeedComplaints(ctx context.Context, owner *postgres.DB, now time.Time, out io.Writer) error {
	if owner.OnCitus() {
		return ErrCitus
	}
	groups, err := syntheticGroups(ctx, owner)
	if err != nil {
		return err
	}
	made := false
	for _, g := range groups {
		start := time.Now()
		if _, err := (&complaints.Service{DB: owner}).Categories(ctx, g.id); err != nil {
			return err
		}
		var n int64
		err := owner.InTenantTx(ctx, g.id, func(tx pgx.Tx) (err error) {
			n, err = seedGroupComplaints(ctx, tx, g.id, now)
			return err
		})
		if err != nil {
			return err
		}
		if n > 0 {
			made = true
			fmt.Fprintf(out, "%s: %d complaints in %.1f s\n", g.name, n, time.Since(start).Seconds())
		}
	}
	if made {
		return vacuum(ctx, owner, complaintTables, 2)
	}
	return nil
}

// seedGroupComplaints writes the group's forms in tx unless it has some, and announces them to
// the queues of every store; it returns how many it wrote.
func seedGroupComplaints(ctx context.Context, tx pgx.Tx, tenantID int64, now time.Time) (int64, error) {
	var has bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM complaints WHERE tenant_id = $1)`, tenantID).Scan(&has)
	if err != nil || has {
		return 0, postgres.Err("synthetic.SeedComplaints", err)
	}
	tag, err := tx.Exec(ctx, complaintsSQL, complaintArgs(tenantID, now))
	if err != nil {
		return 0, postgres.Err("synthetic.SeedComplaints", err)
	}
	if err := complaints.KeepDepartmentIDs(ctx, tx, tenantID); err != nil {
		return 0, err
	}
	return tag.RowsAffected(), changes.AnnounceComplaints(ctx, tx, tenantID, 0)
}

// complaintTables are the tables SeedComplaints writes.
var complaintTables = []string{"complaints", "complaint_departments", "complaint_steps"}

type namedGroup struct {
	id   int64
	name string
}

// syntheticGroups lists the synthetic groups.
func syntheticGroups(ctx context.Context, owner *postgres.DB) ([]namedGroup, error) {
	rows, _ := owner.Pool.Query(ctx, `SELECT id, name FROM tenants WHERE name LIKE 'Synthetic Group %' ORDER BY id`)
	groups, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (g namedGroup, err error) {
		return g, row.Scan(&g.id, &g.name)
	})
	return groups, postgres.Err("synthetic.SeedComplaints: groups", err)
}

// complaintArgs are complaintsSQL's arguments: the group, the moment the data ends at, and the
// default policy's minutes for each step of a general complaint made remotely.
func complaintArgs(tenantID int64, now time.Time) pgx.NamedArgs {
	var steps []string
	var minutes []int
	for st, m := range complaints.DefaultPolicy[complaints.General] {
		steps, minutes = append(steps, string(st)), append(minutes, m.Remote)
	}
	return pgx.NamedArgs{"tenant": tenantID, "now": now, "every": ComplaintEvery, "steps": steps, "minutes": minutes}
}

// complaintsSQL writes a group's complaints, their departments and their current steps. The
// status of a recent form cycles through the workflow's states (instructed only for a major
// one); the step it waits on follows from its status and severity as the queues read it.
var complaintsSQL = `
WITH cats AS (SELECT array_agg(id ORDER BY id) AS ids FROM complaint_categories WHERE tenant_id = @tenant),
staff AS (SELECT id FROM users WHERE tenant_id = @tenant AND email LIKE 'staff@%' LIMIT 1),
picked AS (
  SELECT s.id AS survey_id, s.store_id, s.customer_id, s.agent_id, s.completed_at, s.id / @every AS n,
         (SELECT d.id FROM departments d WHERE d.tenant_id = s.tenant_id AND d.store_id = s.store_id
            AND d.kind = CASE q.kind WHEN 'ssi' THEN 'sales' ELSE 'after_sales' END ORDER BY d.id LIMIT 1) AS dept_id
  FROM surveys s JOIN questionnaires q ON q.tenant_id = s.tenant_id AND q.id = s.questionnaire_id
  WHERE s.tenant_id = @tenant AND s.status = 'completed' AND s.id % @every = 0),
shaped AS (
  SELECT p.*,
         CASE WHEN p.completed_at < @now::timestamptz - interval '30 days' THEN 'closed'
              ELSE (ARRAY['open', 'dispatched', 'assigned', 'contacted', 'planned', 'signed', 'instructed', 'accepted'])[1 + p.n % 8] END AS status,
         (ARRAY['general', 'general', 'grievance', 'general', 'major', 'general', 'grievance'])[1 + p.n % 7] AS severity
  FROM picked p),
made AS (
  INSERT INTO complaints (tenant_id, store_id, customer_id, survey_id, status, description, created_by, severity,
                          channel, category_id, handler_id, plan, opened_at, created_at, closed_at)
  SELECT @tenant, sh.store_id, sh.customer_id, sh.survey_id,
         CASE WHEN sh.status = 'instructed' AND sh.severity <> 'major' THEN 'signed' ELSE sh.status END,
         '回访中客户表示不满意：等待时间过长，希望门店给出说明。', sh.agent_id, sh.severity, 'follow_up',
         (SELECT ids[1 + sh.n % cardinality(ids)] FROM cats),
         CASE WHEN sh.status NOT IN ('open', 'dispatched') THEN (SELECT id FROM staff) END,
         CASE WHEN sh.status IN ('planned', 'signed', 'instructed', 'accepted', 'closed') THEN '致电客户说明原因并赠送一次保养。' ELSE '' END,
         sh.completed_at, sh.completed_at,
         CASE WHEN sh.status = 'closed' THEN sh.completed_at + interval '5 days' END
  FROM shaped sh
  RETURNING id, survey_id, store_id, status, severity, opened_at),
c AS (SELECT * FROM made),
depts AS (
  INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id)
  SELECT @tenant, m.id, m.store_id, p.dept_id FROM made m JOIN picked p USING (survey_id)
  WHERE p.dept_id IS NOT NULL AND m.status <> 'open')
INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at)
SELECT @tenant, c.id, pol.step, c.opened_at + make_interval(mins => pol.minutes)
FROM c JOIN unnest(@steps::text[], @minutes::int[]) pol(step, minutes) ON pol.step = ` + complaints.CurrentStepSQL + `
WHERE c.status <> 'closed'`
