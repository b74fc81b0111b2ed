// Package postgres opens the connection pool, runs tenant-scoped transactions, translates
// PostgreSQL errors into apperr codes, and applies the schema migrations.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/csidesk/csidesk/internal/apperr"
)

// DB is the application's connection pool.
type DB struct {
	Pool *pgxpool.Pool
	// citus says the database is a Citus cluster's (OnCitus).
	citus bool
}

// OnCitus says whether the database is spread over a Citus cluster, for the few statements that
// must be sent otherwise there.
func (db *DB) OnCitus() bool { return db.citus }

// propagateSets asks Citus to pass a transaction's SET LOCAL commands on to its workers.
const propagateSets = "citus.propagate_set_commands"

// connectTimeout bounds a new connection to the database.
const connectTimeout = 5 * time.Second

// Open connects to url and checks that the database answers.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		// A database host that vanishes without a word must not hold requests: the page
		// answers 503 after this long (connect_timeout in the URL overrides it).
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	if _, set := cfg.ConnConfig.RuntimeParams[propagateSets]; !set {
		// On Citus the tenant and scope (settings) must reach the workers; elsewhere the
		// setting is a name nothing reads.
		cfg.ConnConfig.RuntimeParams[propagateSets] = "local"
	}
	cfg.AfterConnect = customPlansOnCitus
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db := &DB{Pool: pool}
	err = pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')`).Scan(&db.citus)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: ping: %w", err)
	}
	return db, nil
}

// customPlansOnCitus has a connection to a Citus cluster plan every statement for its values.
// A statement run often on one connection would otherwise get PostgreSQL's generic plan, for
// which Citus cannot tell the group's shard from the tenant parameter unless the statement
// reads one table: a join or a write with a join would then go to every shard (the statements
// across shards that make test-citus lists). On plain PostgreSQL it changes nothing.
func customPlansOnCitus(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, `SELECT set_config('plan_cache_mode', 'force_custom_plan', false)
		FROM pg_extension WHERE extname = 'citus'`)
	return err
}

// Close closes the pool.
func (db *DB) Close() { db.Pool.Close() }

// BeginTenant starts a transaction in which row-level security shows only tenantID's rows, and
// of those only the stores and departments of ctx's scope (ScopeOf). The settings are local to
// the transaction, so a pooled connection never carries them further. They go to the server
// with the BEGIN in one round trip.
func (db *DB) BeginTenant(ctx context.Context, tenantID int64) (pgx.Tx, error) {
	begin := "BEGIN; " + strings.Join(settings(tenantID, ScopeOf(ctx)), "; ")
	tx, err := db.Pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin})
	if err != nil {
		return nil, Err("postgres: begin", err)
	}
	return tx, nil
}

// Err translates a database error for op: no rows becomes NotFound, a unique violation and a
// foreign-key violation become Conflict, text the database cannot store (BadText) becomes
// Invalid, and a passing failure (Transient) becomes Unavailable; everything else stays
// internal. It returns nil for nil.
func Err(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.NotFound, Key: "error.not_found", Err: err})
	}
	if Transient(err) {
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.Unavailable, Key: "error.unavailable", Err: err})
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.Conflict, Key: "error.conflict", Err: err})
	}
	if errors.As(err, &pg) && pg.Code == "42501" && strings.Contains(pg.Message, "row-level security") {
		// A row written outside the person's scope: as if the store were not there at all.
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.NotFound, Key: "error.not_found", Err: err})
	}
	if errors.As(err, &pg) && pg.Code == "23503" {
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.Conflict, Key: "error.in_use", Err: err})
	}
	if BadText(err) {
		// The request's text, not a fault of the code: the server refuses it where it comes in,
		// and this is the net under what got past.
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.Invalid, Key: "validation.text_invalid", Err: err})
	}
	return fmt.Errorf("%s: %w", op, err)
}

// textStates are the SQLSTATEs of text the database cannot store: a NUL or bytes that are not
// UTF-8 (22021), or a character that has no equivalent in its encoding or, as \u0000, in jsonb
// (22P05).
var textStates = []string{"22021", "22P05"}

// BadText reports whether err is the database refusing text it cannot store (textStates).
func BadText(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && slices.Contains(textStates, pg.Code)
}

// transientStates are the SQLSTATEs of work the server gave up for a reason of the moment: it
// is shutting down (57P01, 57P02) or starting (57P03), or the transaction lost a deadlock (40P01)
// or a serialization conflict (40001), and retrying it may succeed. Class 08 (a broken
// connection) is matched by its prefix.
var transientStates = []string{"57P01", "57P02", "57P03", "40P01", "40001"}

// Transient reports whether err is a passing failure of the database rather than of the
// request: the server could not be reached or the connection broke (a failed connect, a network
// error, a connection closed or reset, a deadline passed while waiting for a connection), or the
// server gave the work up for a reason of the moment (transientStates). A transaction is never
// done in part: it was rolled back, or, when the connection broke during its commit, perhaps
// committed whole; the same request may succeed shortly.
func Transient(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && (strings.HasPrefix(pg.Code, "08") || slices.Contains(transientStates, pg.Code)) {
		return true
	}
	var connect *pgconn.ConnectError
	var network net.Error
	return errors.As(err, &connect) || errors.As(err, &network) || pgconn.Timeout(err) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, context.DeadlineExceeded)
}

// Constraint returns the name of the constraint that err violated, or "". On Citus the
// violation happens in a shard, whose constraints carry the shard's id (orders_key_102123), and
// a worker's error reaches the application with its message alone: the name is then read from
// the message, and the shard's id taken off.
func Constraint(err error) string {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return ""
	}
	name := pg.ConstraintName
	if name == "" && strings.HasPrefix(pg.Code, "23") {
		if m := violated.FindStringSubmatch(pg.Message); m != nil {
			name = m[1]
		}
	}
	return shardID.ReplaceAllString(name, "")
}

var (
	// violated finds the constraint a violation's message names last, as in `insert or update on
	// table "a" violates foreign key constraint "b"`.
	violated = regexp.MustCompile(`constraint "([^"]+)"[^"]*$`)
	// shardID is the id Citus appends to a shard's constraint names; its ids have six digits
	// and more, and no constraint of the schema ends so.
	shardID = regexp.MustCompile(`_\d{6,}$`)
)

// CheckAppRole refuses a connection whose role could see past row-level security: a
// superuser, a BYPASSRLS role, or the owner of any table.
func CheckAppRole(ctx context.Context, db *DB) error {
	var name string
	var super, bypass bool
	var owned int
	err := db.Pool.QueryRow(ctx, `
		SELECT r.rolname, r.rolsuper, r.rolbypassrls,
		       (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		         WHERE c.relowner = r.oid AND n.nspname = 'public')
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&name, &super, &bypass, &owned)
	if err != nil {
		return fmt.Errorf("postgres: check role: %w", err)
	}
	if super || bypass || owned > 0 {
		return fmt.Errorf("postgres: DATABASE_URL connects as %q, which is a superuser, bypasses row-level "+
			"security or owns tables; connect the application as csidesk_app (see README)", name)
	}
	return nil
}

// FieldErr is Err, but a violation of one of the named constraints becomes an Invalid error on
// a form field: fields maps a constraint name to its field and message key.
func FieldErr(op string, err error, fields map[string][2]string) error {
	if f, ok := fields[Constraint(err)]; ok {
		return fmt.Errorf("%s: %w", op, &apperr.Error{Code: apperr.Invalid, Key: "error.invalid",
			Fields: map[string]string{f[0]: f[1]}, Err: err})
	}
	return Err(op, err)
}

// ReadBatch runs the queries queue adds as tenantID, in ctx's scope, in one round trip, and read
// reads their results in order. The batch is one transaction whose first statements set the
// tenant and scope for it alone, so nothing of the settings outlives it. It is begun and ended
// in the batch itself, since only a transaction block passes its settings on to Citus's workers.
func (db *DB) ReadBatch(ctx context.Context, tenantID int64, queue func(*pgx.Batch), read func(pgx.BatchResults) error) error {
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	set := settings(tenantID, ScopeOf(ctx))
	for _, s := range set {
		b.Queue(s)
	}
	queue(b)
	b.Queue("COMMIT")
	br := db.Pool.SendBatch(ctx, b)
	defer br.Close()
	for range len(set) + 1 {
		if _, err := br.Exec(); err != nil {
			return Err("postgres: set tenant", err)
		}
	}
	if err := read(br); err != nil {
		return err
	}
	if _, err := br.Exec(); err != nil {
		return Err("postgres: read batch", err)
	}
	return Err("postgres: read batch", br.Close())
}

// TxBatch runs the queries queue adds in the transaction tx, in one round trip, and read reads
// their results in order.
func TxBatch(ctx context.Context, tx pgx.Tx, queue func(*pgx.Batch), read func(pgx.BatchResults) error) error {
	b := &pgx.Batch{}
	queue(b)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if err := read(br); err != nil {
		return err
	}
	return Err("postgres: batch", br.Close())
}

// Affected is nil when a change touched a row, and a NotFound error when it touched none: the
// row was not there, or not for this tenant and scope.
func Affected(tag pgconn.CommandTag) error {
	if tag.RowsAffected() == 0 {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	return nil
}
