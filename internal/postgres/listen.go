package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watcher hears the notifications of one channel.
type Watcher interface {
	// Listening says whether notifications are being heard. Each true follows a time in which
	// some may have been missed: the first connection, or a new one after a failure.
	Listening(on bool)
	// Notified hands over one notification's payload.
	Notified(payload string)
}

// retryAfter is how long Listen waits before connecting again after a failure.
const retryAfter = time.Second

// Listen listens on channel from a connection of its own, outside the pool, and tells w what it
// hears, until ctx ends. A lost connection is reopened; w is told both.
func (db *DB) Listen(ctx context.Context, channel string, w Watcher, log *slog.Logger) {
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, channel, w)
		w.Listening(false)
		if ctx.Err() != nil {
			return
		}
		log.Warn("listening for changes failed; retrying", "channel", channel, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(retryAfter):
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, channel string, w Watcher) error {
	conn, err := pgx.ConnectConfig(ctx, db.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	w.Listening(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		w.Notified(n.Payload)
	}
}
