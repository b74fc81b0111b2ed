package auth

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// UserFilter selects a page of users.
type UserFilter struct {
	Query  string
	Limit  int
	Offset int
}

// Users returns a page of the tenant's users whose name, e-mail or employee number contains f.Query, by name,
// and the total number that match.
func (s *Service) Users(ctx context.Context, tenantID int64, f UserFilter) ([]User, int, error) {
	var users []User
	total := 0
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		rows, _ := tx.Query(ctx, `
			SELECT id, email, name, locale, active, created_at, employee_no, COUNT(*) OVER ()
			FROM users
			WHERE tenant_id = $1
			  AND ($2 = '' OR strpos(lower(name), lower($2)) > 0 OR strpos(email, lower($2)) > 0
			       OR strpos(lower(employee_no), lower($2)) > 0)
			ORDER BY active DESC, name, id
			LIMIT $3 OFFSET $4`, tenantID, f.Query, f.Limit, f.Offset)
		users, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (User, error) {
			var u User
			err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &u.Active, &u.CreatedAt, &u.EmployeeNo, &total)
			return u, err
		})
		return postgres.Err("auth.Users", err)
	})
	if err != nil {
		return nil, 0, err
	}
	return users, total, nil
}

// User returns one user with their memberships, or a NotFound error.
func (s *Service) User(ctx context.Context, tenantID, id int64) (User, []Membership, error) {
	var u User
	var ms []Membership
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		rows, _ := tx.Query(ctx, `
			SELECT id, email, name, locale, active, created_at, employee_no FROM users
			WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		if u, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[User]); err != nil {
			return postgres.Err("auth.User", err)
		}
		ms, err = memberships(ctx, tx, tenantID, id)
		return err
	})
	if err != nil {
		return User{}, nil, err
	}
	return u, ms, nil
}

// CreateUser validates nu, creates the user and returns the new id.
func (s *Service) CreateUser(ctx context.Context, tenantID int64, nu NewUser) (int64, error) {
	nu.Normalize()
	if err := nu.Validate(); err != nil {
		return 0, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		id, err = insertUser(ctx, tx, tenantID, nu, hash)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func insertUser(ctx context.Context, tx pgx.Tx, tenantID int64, nu NewUser, hash string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO users (tenant_id, email, name, locale, password_hash, employee_no) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, tenantID, nu.Email, nu.Name, nu.Locale, hash, nu.EmployeeNo).Scan(&id)
	if err != nil {
		return 0, userErr("auth.insertUser", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO login_emails (email, tenant_id) VALUES ($1, $2)`,
		nu.Email, tenantID); err != nil {
		return 0, userErr("auth.insertUser", err)
	}
	return id, nil
}

// UpdateUser validates upd and saves it. Deactivating a user ends their sessions at once; nobody
// may deactivate themselves.
func (s *Service) UpdateUser(ctx context.Context, tenantID, actorID, id int64, upd UserUpdate) error {
	upd.Normalize()
	if err := upd.Validate(); err != nil {
		return err
	}
	if id == actorID && !upd.Active {
		return apperr.Fields(map[string]string{"active": "validation.cannot_deactivate_self"})
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return updateUser(ctx, tx, tenantID, id, upd)
	})
}

func updateUser(ctx context.Context, tx pgx.Tx, tenantID, id int64, upd UserUpdate) error {
	var oldEmail, oldName string
	err := tx.QueryRow(ctx, `SELECT email, name FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
		tenantID, id).Scan(&oldEmail, &oldName)
	if err != nil {
		return postgres.Err("auth.UpdateUser", err)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE users SET email = $3, name = $4, locale = $5, active = $6, employee_no = $7, updated_at = now()
		WHERE tenant_id = $1 AND id = $2`, tenantID, id, upd.Email, upd.Name, upd.Locale, upd.Active, upd.EmployeeNo); err != nil {
		return userErr("auth.UpdateUser", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE login_emails SET email = $2 WHERE email = $1`, oldEmail, upd.Email); err != nil {
		return userErr("auth.UpdateUser", err)
	}
	if oldName != upd.Name { // the kept complaint queues show who handles a form
		if err := changes.AnnounceComplaints(ctx, tx, tenantID, 0); err != nil {
			return err
		}
	}
	if !upd.Active {
		if err := deleteSessions(ctx, tx, tenantID, id, nil); err != nil {
			return err
		}
	}
	return changes.AnnouncePeople(ctx, tx, tenantID) // the kept sessions show who people are
}

// SetLocale saves a user's interface language.
func (s *Service) SetLocale(ctx context.Context, tenantID, id int64, locale string) error {
	if !slices.Contains(Locales, locale) {
		return apperr.Fields(map[string]string{"locale": "validation.choice"})
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE users SET locale = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, id, locale)
		if err != nil {
			return postgres.Err("auth.SetLocale", err)
		}
		return changes.AnnouncePeople(ctx, tx, tenantID)
	})
}

// userErr is a user's save refused at the field whose value another person already has: an
// e-mail anywhere, an employee number in the group (payroll knows each person by theirs).
func userErr(op string, err error) error {
	taken := [2]string{"email", "validation.email_taken"}
	return postgres.FieldErr(op, err, map[string][2]string{"users_email_key": taken, "login_emails_pkey": taken,
		"users_employee_no_key": {"employee_no", "validation.employee_no_taken"}})
}

// Holders lists the active users who hold role in a store of ctx's scope, or in every store, by name.
func (s *Service) Holders(ctx context.Context, tenantID int64, role Role) ([]User, error) {
	return postgres.List[User](ctx, s.DB, tenantID, "auth.Holders", `
		SELECT id, email, name, locale, active, created_at, employee_no FROM users u
		WHERE tenant_id = $1 AND active
		  AND EXISTS (SELECT FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = u.id AND m.role = $2
		              AND (m.store_id IS NULL OR scope_ids('app.stores') IS NULL OR m.store_id = ANY (scope_ids('app.stores'))))
		ORDER BY name, id`, role)
}
