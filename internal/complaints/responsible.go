package complaints

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// The responsible person is whom a complaint is against: a service advisor or a sales
// consultant of one of its departments. The department head names them, or the GM, or customer
// service, at any time from dispatch until the form ends; each change is an event of the
// timeline. A complaint closed with the GM's final approval counts against its responsible
// person in the month it closed (Stats.Responsible); a voided one never does.

// responsible names (or, with no one, clears) the form's responsible person, who must be an
// active member of one of its departments and not already the one named.
func responsible(ctx context.Context, tx pgx.Tx, r request) (transition, error) {
	to, from := r.in.ResponsibleID, r.c.ResponsibleID
	switch {
	case to == 0 && from == 0:
		return transition{}, apperr.Fields(map[string]string{"responsible_id": "validation.required"})
	case to == from:
		return transition{}, apperr.Fields(map[string]string{"responsible_id": "validation.complaint_responsible_same"})
	}
	name := ""
	if to != 0 {
		var err error
		if name, err = memberOf(ctx, tx, r.tenantID, to, r.c.DepartmentIDs()); err != nil {
			return transition{}, err
		}
		if name == "" {
			return transition{}, apperr.Fields(map[string]string{"responsible_id": "validation.complaint_responsible"})
		}
	}
	var value *int64
	if to != 0 {
		value = &to
	}
	return transition{action: ActResponsible, set: []column{{"responsible_id", value}}, note: r.in.Note,
		detail: map[string]any{"from": from, "from_name": r.c.ResponsibleName, "to": to, "to_name": name}}, nil
}

// memberOf is the name of the user if they are an active staff member or manager of one of the
// departments, else "".
func memberOf(ctx context.Context, tx pgx.Tx, tenantID, userID int64, departments []int64) (string, error) {
	var name string
	err := tx.QueryRow(ctx, `SELECT u.name FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		WHERE m.tenant_id = $1 AND m.user_id = $2 AND u.active AND m.role IN ('staff', 'dept_manager') AND m.department_id = ANY($3)
		LIMIT 1`, tenantID, userID, departments).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return name, postgres.Err("complaints.MemberOf", err)
}

// ResponsibleCount is how many of the store's complaints closed with the GM's final approval
// in the month were against one person.
type ResponsibleCount struct {
	UserID     int64
	Name       string
	EmployeeNo string
	Count      int
}

// statsResponsible counts the month's substantiated complaints per responsible person: closed
// with the GM's final approval in the month (a voided form is never closed), most first.
func statsResponsible(ctx context.Context, q statsQuery, st *Stats) error {
	rows, _ := q.rows(ctx, `
		SELECT u.id, u.name, u.employee_no, count(*)
		FROM complaints c JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.responsible_id
		WHERE c.tenant_id = $1 AND c.store_id = $2 AND c.status = 'closed' AND c.closed_at >= $3 AND c.closed_at < $4
		GROUP BY u.id, u.name, u.employee_no
		ORDER BY count(*) DESC, u.name, u.id`)
	var err error
	st.Responsible, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ResponsibleCount])
	return postgres.Err("complaints.ReadStats: responsible", err)
}
