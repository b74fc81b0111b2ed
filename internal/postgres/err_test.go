package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
)

// TestErr: each kind of database error gets its code; the passing failures of the database
// become Unavailable, and nothing else does.
func TestErr(t *testing.T) {
	refused := connectRefused(t)
	for _, tc := range []struct {
		name string
		err  error
		want apperr.Code
	}{
		{"NoRows", pgx.ErrNoRows, apperr.NotFound},
		{"Unique", &pgconn.PgError{Code: "23505"}, apperr.Conflict},
		{"ForeignKey", &pgconn.PgError{Code: "23503"}, apperr.Conflict},
		{"RowSecurity", &pgconn.PgError{Code: "42501", Message: "new row violates row-level security policy"}, apperr.NotFound},
		{"NulOrNotUTF8", &pgconn.PgError{Code: "22021"}, apperr.Invalid},
		{"UntranslatableCharacter", &pgconn.PgError{Code: "22P05"}, apperr.Invalid},
		{"ConnectRefused", refused, apperr.Unavailable},
		{"ConnectionFailure", &pgconn.PgError{Code: "08006"}, apperr.Unavailable},
		{"ConnectionException", &pgconn.PgError{Code: "08000"}, apperr.Unavailable},
		{"AdminShutdown", &pgconn.PgError{Code: "57P01", Severity: "FATAL"}, apperr.Unavailable},
		{"CrashShutdown", &pgconn.PgError{Code: "57P02"}, apperr.Unavailable},
		{"CannotConnectNow", &pgconn.PgError{Code: "57P03"}, apperr.Unavailable},
		{"Deadlock", &pgconn.PgError{Code: "40P01"}, apperr.Unavailable},
		{"SerializationFailure", &pgconn.PgError{Code: "40001"}, apperr.Unavailable},
		{"ConnClosed", fmt.Errorf("query: %w", pgconn.ErrConnClosed), apperr.Unavailable},
		{"UnexpectedEOF", fmt.Errorf("failed to receive message: %w", io.ErrUnexpectedEOF), apperr.Unavailable},
		{"EOF", fmt.Errorf("failed to receive message: %w", io.EOF), apperr.Unavailable},
		{"Reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, apperr.Unavailable},
		{"AcquireDeadline", fmt.Errorf("acquire: %w", context.DeadlineExceeded), apperr.Unavailable},
		{"Canceled", context.Canceled, apperr.Internal},
		{"QueryCanceled", &pgconn.PgError{Code: "57014"}, apperr.Internal},
		{"Syntax", &pgconn.PgError{Code: "42601"}, apperr.Internal},
		{"Other", errors.New("something else"), apperr.Internal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := postgres.Err("op", tc.err)
			if got := apperr.CodeOf(err); got != tc.want {
				t.Errorf("CodeOf(Err(%v))=%v, want %v", tc.err, got, tc.want)
			}
			if got := postgres.Transient(tc.err); got != (tc.want == apperr.Unavailable) {
				t.Errorf("Transient(%v)=%v, want %v", tc.err, got, tc.want == apperr.Unavailable)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("Err(%v) does not wrap it", tc.err)
			}
		})
	}
	if err := postgres.Err("op", nil); err != nil {
		t.Errorf("Err(nil)=%v, want nil", err)
	}
}

// TestErr_BadText: text the database refuses to store is the request's fault, as PostgreSQL
// itself reports it.
func TestErr_BadText(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	for _, tc := range []struct{ name, sql, arg string }{
		{"Nul", `SELECT $1::text`, "a\x00b"},
		{"NotUTF8", `SELECT $1::text`, "a\xffb"},
		{"NulInJSONB", `SELECT $1::jsonb::text`, `{"a": "\u0000"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out string
			err := postgres.Err("op", db.App.Pool.QueryRow(context.Background(), tc.sql, tc.arg).Scan(&out))
			if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Key != "validation.text_invalid" {
				t.Errorf("Err(%v)=%v, want Invalid with validation.text_invalid", tc.name, err)
			}
			if !postgres.BadText(err) {
				t.Errorf("BadText(%v)=false, want true", err)
			}
		})
	}
}

// TestConstraint: the violated constraint is named as the schema names it, whether PostgreSQL
// gives its name or, as a Citus worker's error does, only a message naming the shard's.
func TestConstraint(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Named", &pgconn.PgError{Code: "23505", ConstraintName: "meeting_focus_key"}, "meeting_focus_key"},
		{"UniqueOnShard", &pgconn.PgError{Code: "23505",
			Message: `duplicate key value violates unique constraint "meeting_focus_key_102123"`}, "meeting_focus_key"},
		{"ForeignKeyOnShard", &pgconn.PgError{Code: "23503", Message: `insert or update on table "api_keys_102047" ` +
			`violates foreign key constraint "api_keys_tenant_id_store_id_fkey_102047"`}, "api_keys_tenant_id_store_id_fkey"},
		{"CheckOnShard", &pgconn.PgError{Code: "23514",
			Message: `new row for relation "stores_102011" violates check constraint "stores_name_check_102011"`}, "stores_name_check"},
		{"NotAViolation", &pgconn.PgError{Code: "42601", Message: `syntax error at or near "constraint"`}, ""},
		{"Other", errors.New("something else"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := postgres.Constraint(tc.err); got != tc.want {
				t.Errorf("Constraint=%q, want %q", got, tc.want)
			}
		})
	}
}

// TestConstraint_SchemaNames: no constraint of the schema ends as a Citus shard's id does, which
// Constraint takes off.
func TestConstraint_SchemaNames(t *testing.T) {
	if pgtest.Citus() {
		t.Skip("a Citus coordinator holds the reference tables' shards, whose constraints carry the shard id, and hides them from pg_class")
	}
	db := pgtest.MustOpenDB(t)
	rows, _ := db.Owner.Pool.Query(context.Background(), `
		SELECT c.conname FROM pg_constraint c
		WHERE c.connamespace = 'public'::regnamespace AND c.conname ~ '_[0-9]{6,}$'
		  AND NOT EXISTS (SELECT FROM pg_class r WHERE r.oid = c.conrelid AND r.relname ~ '_[0-9]{6,}$')`)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(names) > 0 {
		t.Errorf("constraints %v end in six digits or more, as a Citus shard's do", names)
	}
}

// connectRefused is the error of connecting to a port nothing listens on.
func connectRefused(t *testing.T) error {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = pgx.Connect(context.Background(), "postgres://nobody@"+addr+"/none?sslmode=disable&connect_timeout=5")
	var connect *pgconn.ConnectError
	if !errors.As(err, &connect) {
		t.Fatalf("connecting to a closed port: %v, want a *pgconn.ConnectError", err)
	}
	return err
}
