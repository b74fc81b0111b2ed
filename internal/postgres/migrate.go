package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // registers the pgx5:// scheme
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/csidesk/csidesk/migrations"
)

// Migrator applies the embedded migrations over the owner's connection.
type Migrator struct {
	m   *migrate.Migrate
	url string
	// Log hears what Up distributes on a Citus cluster; nil discards it.
	Log io.Writer
}

// NewMigrator opens a migrator on url (postgres:// or postgresql://).
func NewMigrator(url string) (*Migrator, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("migrate: source: %w", err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, pgx5URL(url))
	if err != nil {
		return nil, fmt.Errorf("migrate: open: %w", err)
	}
	return &Migrator{m: m, url: url}, nil
}

func pgx5URL(url string) string {
	for _, p := range []string{"postgres://", "postgresql://"} {
		if strings.HasPrefix(url, p) {
			return "pgx5://" + strings.TrimPrefix(url, p)
		}
	}
	return url
}

// Up applies every pending migration, then the job queue's own (River's tables are global:
// their jobs carry the tenant in their arguments), then, on a Citus cluster, distributes what is
// not distributed yet (Distribute). A migration that failed before is tried again.
func (mg *Migrator) Up() error {
	if err := mg.undoFailed(); err != nil {
		return err
	}
	if err := mg.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate up: %w", err)
	}
	if err := mg.riverUp(); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := Open(ctx, mg.url)
	if err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	defer db.Close()
	log := mg.Log
	if log == nil {
		log = io.Discard
	}
	_, err = Distribute(ctx, db, log)
	return err
}

// undoFailed marks the database as it was before a migration that failed: the failure left it
// marked dirty at that migration's version, and nothing else, because each file runs as one
// transaction (the migrations test keeps statements that cannot out of them). The versions are
// numbered from 1 without gaps.
func (mg *Migrator) undoFailed() error {
	version, dirty, err := mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) || err == nil && !dirty {
		return nil
	}
	if err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	before := int(version) - 1
	if before == 0 {
		before = -1 // no migration applied
	}
	if err := mg.m.Force(before); err != nil {
		return fmt.Errorf("migrate up: undo failed migration %d: %w", version, err)
	}
	return nil
}

// riverUp applies River's migrations over the owner's connection.
func (mg *Migrator) riverUp() error {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, mg.url)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	defer pool.Close()
	rm, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	if _, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	return nil
}

// Down reverts the last n migrations.
func (mg *Migrator) Down(n int) error {
	if err := mg.m.Steps(-n); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// Status writes the applied version and each embedded migration, marked applied or pending.
func (mg *Migrator) Status(w io.Writer) error {
	version, dirty, err := mg.m.Version()
	if err != nil && !errors.Is(err, migrate.ErrNilVersion) {
		return fmt.Errorf("migrate status: %w", err)
	}
	fmt.Fprintf(w, "version %d (dirty: %v)\n", version, dirty)
	entries, err := migrations.FS.ReadDir(".")
	if err != nil {
		return fmt.Errorf("migrate status: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".up.sql") {
			continue
		}
		var v uint
		fmt.Sscanf(name, "%d_", &v)
		state := "pending"
		if v <= version {
			state = "applied"
		}
		fmt.Fprintf(w, "%-8s %s\n", state, strings.TrimSuffix(name, ".up.sql"))
	}
	return nil
}

// Close releases the migrator's connections.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}
