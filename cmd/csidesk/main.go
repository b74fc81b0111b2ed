// Command csidesk runs CSI Desk: the web server, migrations, demo data and user set-up.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // store time zones validate on hosts without a zone database
)

const usage = `usage: csidesk <command>

  serve                         serve the web application (LISTEN_ADDR, default 127.0.0.1:8080)
  migrate up | down N | status  apply, revert or list schema migrations (DATABASE_OWNER_URL)
  seed demo | synthetic ...     load the demo group once, or synthetic groups for benchmarks (see: seed synthetic -h)
  seed synthetic-complaints     give synthetic groups seeded without complaints their complaints
  scores rebuild                rebuild the score roll-ups from the raw answers; report differences
  user create ...               create the first admin of a new dealer group (see: user create -h)

Environment: DATABASE_URL (application role), DATABASE_OWNER_URL (schema owner; defaults to
DATABASE_URL), LISTEN_ADDR, SECURE_COOKIES, SESSION_IDLE_TIMEOUT, SESSION_MAX_AGE, LOG_FORMAT.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "csidesk:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, out)
	case "migrate":
		return migrateCmd(args[1:], out)
	case "seed":
		return seed(ctx, args[1:], out)
	case "user":
		return userCmd(ctx, args[1:], out)
	case "scores":
		return scoresCmd(ctx, args[1:], out)
	}
	return errors.New(usage)
}
