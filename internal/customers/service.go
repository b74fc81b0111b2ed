package customers

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service reads and changes customers and vehicles, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}

const customerColumns = `id, name, phone, phone2, gender, birth_date, region, city, contact_time,
	consent, do_not_contact, dnc_reason, notes, email, language, created_at, updated_at`

// Customer returns one customer, or a NotFound error.
func (s *Service) Customer(ctx context.Context, tenantID, id int64) (Customer, error) {
	var c Customer
	var r postgres.Reads
	QueueCustomer(&r, id, &c)
	return c, s.DB.Run(ctx, tenantID, &r)
}

// QueueCustomer adds the read of Customer to r, into dst.
func QueueCustomer(r *postgres.Reads, id int64, dst *Customer) {
	postgres.AddOne(r, dst, "customers.Customer", customerSQL, id)
}

// customerSQL reads customer $2 of tenant $1.
const customerSQL = `SELECT ` + customerColumns + ` FROM customers WHERE tenant_id = $1 AND id = $2`

// lockCustomer reads one customer and locks it for the rest of tx.
func lockCustomer(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Customer, error) {
	rows, _ := tx.Query(ctx, customerSQL+` FOR UPDATE`, tenantID, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Customer])
	return c, postgres.Err("customers.Customer", err)
}

// Create validates c and inserts it, setting its ID.
func (s *Service) Create(ctx context.Context, tenantID int64, c *Customer) error {
	c.Normalize()
	if err := c.Validate(s.Now()); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO customers (tenant_id, name, phone, phone2, gender, birth_date, region, city,
			                       contact_time, consent, do_not_contact, dnc_reason, notes, email, language)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			RETURNING id, created_at, updated_at`,
			tenantID, c.Name, c.Phone, c.Phone2, c.Gender, c.BirthDate, c.Region, c.City,
			c.ContactTime, c.Consent, c.DoNotContact, c.DNCReason, c.Notes, c.Email, c.Language,
		).Scan(&c.ID, &c.CreatedAt, &c.UpdatedAt)
		if err != nil {
			return customerErr("customers.Create", err)
		}
		return changes.AnnounceCustomers(ctx, tx, tenantID)
	})
}

// Update validates c and saves it; every change to its contact data is recorded against
// userID in the same transaction.
func (s *Service) Update(ctx context.Context, tenantID, userID int64, c *Customer) error {
	c.Normalize()
	if err := c.Validate(s.Now()); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return update(ctx, tx, tenantID, userID, c)
	})
}

// update saves c and records the changes to its contact data against userID, in tx.
func update(ctx context.Context, tx pgx.Tx, tenantID, userID int64, c *Customer) error {
	old, err := lockCustomer(ctx, tx, tenantID, c.ID)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE customers SET name = $3, phone = $4, phone2 = $5, gender = $6, birth_date = $7,
		       region = $8, city = $9, contact_time = $10, consent = $11, do_not_contact = $12,
		       dnc_reason = $13, notes = $14, email = $15, language = $16, updated_at = now()
		WHERE tenant_id = $1 AND id = $2`,
		tenantID, c.ID, c.Name, c.Phone, c.Phone2, c.Gender, c.BirthDate, c.Region, c.City,
		c.ContactTime, c.Consent, c.DoNotContact, c.DNCReason, c.Notes, c.Email, c.Language)
	if err != nil {
		return customerErr("customers.Update", err)
	}
	if err := changes.AnnounceCustomers(ctx, tx, tenantID); err != nil { // the kept searches list them
		return err
	}
	if old.Name != c.Name { // the kept complaint queues show the customer's name
		if err := changes.AnnounceComplaints(ctx, tx, tenantID, 0); err != nil {
			return err
		}
	}
	if old.Name != c.Name || old.Phone != c.Phone { // and the kept worklists their phone too
		if err := changes.AnnounceTasks(ctx, tx, tenantID, 0); err != nil {
			return err
		}
	}
	for _, ch := range contactDiff(&old, c) {
		_, err := tx.Exec(ctx, `
			INSERT INTO customer_contact_changes (tenant_id, customer_id, user_id, source, field, before, after)
			VALUES ($1, $2, $3, 'user', $4, $5, $6)`,
			tenantID, c.ID, userID, ch.Field, ch.Before, ch.After)
		if err != nil {
			return postgres.Err("customers.Update: change", err)
		}
	}
	return nil
}

// ContactChanges lists the changes to a customer's contact data, newest first.
func (s *Service) ContactChanges(ctx context.Context, tenantID, customerID int64) ([]ContactChange, error) {
	var out []ContactChange
	var r postgres.Reads
	QueueContactChanges(&r, customerID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueContactChanges adds the read of ContactChanges to r, into dst.
func QueueContactChanges(r *postgres.Reads, customerID int64, dst *[]ContactChange) {
	postgres.Add(r, dst, "customers.ContactChanges", `
		SELECT ch.field, ch.before, ch.after, ch.source, coalesce(u.name, ''), ch.changed_at
		FROM customer_contact_changes ch
		LEFT JOIN users u ON u.tenant_id = ch.tenant_id AND u.id = ch.user_id
		WHERE ch.tenant_id = $1 AND ch.customer_id = $2
		ORDER BY ch.changed_at DESC, ch.id DESC`, customerID)
}

func customerErr(op string, err error) error {
	return postgres.FieldErr(op, err, map[string][2]string{
		"customers_phone_key": {"phone", "validation.phone_taken"}})
}
