package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Watcher hears the notifications of one channel.
type Watcher interface {
	// Listening says whether notifications are being heard. Each true follows a time in which
	// some may have been missed: the first connection, or a new one after a failure.
	Listening(on bool)
	// Notified hands over one notification's payload.
	Notified(payload string)
}

// The listener's times. A connection can break without a word from the network (a database
// host that died, a link that drops everything): waiting for notices on it would go on, and
// pages keep what they read, while every notice is lost, until TCP gave up many minutes later.
// So after heartbeat without a notice the listener asks the server to answer, and gives up the
// connection when no answer comes within answerWithin; connecting is bounded by it too.
var (
	// retryAfter is how long Listen waits before connecting again after a failure.
	retryAfter   = time.Second
	heartbeat    = 30 * time.Second
	answerWithin = 10 * time.Second
)

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
	conn, err := db.listenConn(ctx, channel)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	w.Listening(true)
	for {
		n, err := waitNotice(ctx, conn)
		switch {
		case n != nil:
			w.Notified(n.Payload)
		case err != nil:
			return err
		}
	}
}

// listenConn opens a connection that listens on channel, within answerWithin.
func (db *DB) listenConn(ctx context.Context, channel string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, answerWithin)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, db.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// waitNotice waits for the next notice for up to heartbeat. With none by then, it returns no
// notice, and no error if the server still answers a ping within answerWithin.
func waitNotice(ctx context.Context, conn *pgx.Conn) (*pgconn.Notification, error) {
	wait, cancel := context.WithTimeout(ctx, heartbeat)
	n, err := conn.WaitForNotification(wait)
	cancel()
	if err == nil || ctx.Err() != nil || !pgconn.Timeout(err) {
		return n, err
	}
	ping, cancel := context.WithTimeout(ctx, answerWithin)
	defer cancel()
	return nil, conn.Ping(ping)
}
