package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/synthetic"
)

func ownerDB(ctx context.Context) (*postgres.DB, error) {
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	return postgres.Open(ctx, cfg.OwnerDatabaseURL)
}

func migrateCmd(args []string, out io.Writer) error {
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	m, err := postgres.NewMigrator(cfg.OwnerDatabaseURL)
	if err != nil {
		return err
	}
	defer m.Close()
	switch {
	case len(args) == 1 && args[0] == "up":
		m.Log = out
		return m.Up()
	case len(args) == 1 && args[0] == "status":
		return m.Status(out)
	case len(args) == 2 && args[0] == "down":
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			return errors.New("migrate down N: N must be a positive number of migrations")
		}
		return m.Down(n)
	}
	return errors.New("usage: csidesk migrate up | down N | status")
}

// seed loads the demo group, or synthetic groups of realistic volume for measuring the pages
// (seed synthetic -surveys N -tenants T -stores S -weeks W), or complaints for synthetic groups
// seeded before they had any (seed synthetic-complaints).
func seed(ctx context.Context, args []string, out io.Writer) error {
	isDemo := len(args) == 1 && args[0] == "demo"
	onlyComplaints := len(args) == 1 && args[0] == "synthetic-complaints"
	if !isDemo && !onlyComplaints && (len(args) == 0 || args[0] != "synthetic") {
		return errors.New("usage: csidesk seed demo | synthetic [-surveys N -tenants T -stores S -weeks W ...] | synthetic-complaints")
	}
	var o synthetic.Options
	if !isDemo {
		var err error
		if o, err = synthetic.ParseFlags(args[1:], time.Now()); err != nil {
			return err
		}
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, cfg.OwnerDatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if isDemo {
		return demo.Seed(ctx, db, cfg.PublicURL, out)
	}
	if onlyComplaints {
		return synthetic.SeedComplaints(ctx, db, time.Now(), out)
	}
	app, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer app.Close()
	_, err = synthetic.Seed(ctx, db, app, o, out)
	return err
}

// userCmd creates an administrator: of a new dealer group (-tenant-name) or of an existing one
// (-tenant-id).
func userCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: csidesk user create -email E -name N -password P (-tenant-name G | -tenant-id ID)")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "login e-mail address")
	name := fs.String("name", "", "the person's name")
	password := fs.String("password", "", "initial password, at least 8 characters")
	locale := fs.String("locale", "zh-CN", "interface language: zh-CN or en")
	tenantName := fs.String("tenant-name", "", "create a new dealer group with this name")
	tenantID := fs.Int64("tenant-id", 0, "add the admin to this existing dealer group")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if (*tenantName == "") == (*tenantID == 0) {
		return errors.New("user create: give exactly one of -tenant-name and -tenant-id")
	}
	db, err := ownerDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	nu := auth.NewUser{Email: *email, Name: *name, Locale: *locale, Password: *password}
	group, id, err := auth.CreateGroupAdmin(ctx, db, *tenantID, *tenantName, nu)
	if err != nil {
		return fmt.Errorf("user create: %w", err)
	}
	fmt.Fprintf(out, "created admin %s (user %d) in dealer group %d\n", strings.ToLower(strings.TrimSpace(nu.Email)), id, group)
	return nil
}

// scoresCmd rebuilds every dealer group's score roll-ups from the raw answers and says, per
// group, how many rows differed from what was kept.
func scoresCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) != 1 || args[0] != "rebuild" {
		return errors.New("usage: csidesk scores rebuild")
	}
	db, err := ownerDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, _ := db.Pool.Query(ctx, `SELECT id, name FROM tenants ORDER BY id`)
	type group struct {
		ID   int64
		Name string
	}
	groups, err := pgx.CollectRows(rows, pgx.RowToStructByPos[group])
	if err != nil {
		return fmt.Errorf("scores rebuild: %w", err)
	}
	for _, g := range groups {
		r, err := scores.NewService(db, nil).Rebuild(ctx, g.ID)
		if err != nil {
			return fmt.Errorf("scores rebuild %s: %w", g.Name, err)
		}
		fmt.Fprintf(out, "%s: %d roll-up rows, %d differed and were rebuilt\n", g.Name, r.Rows, r.Different)
	}
	return nil
}
