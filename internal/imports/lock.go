package imports

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// lockSpace is the first key of every import's advisory lock ("impt"), which keeps them apart
// from the advisory locks of other work.
const lockSpace int32 = 0x696d7074

// lockKey is an import's second key: its id, in the 31 bits a positive int4 holds.
func lockKey(id int64) int32 { return int32(id & 0x7fffffff) }

// heldSQL is true for the running import i while a process holds its lock. pg_locks shows the
// locks of every session to every role, the application's included.
var heldSQL = fmt.Sprintf(`CASE WHEN i.status IN ('previewing', 'committing') THEN EXISTS (
	SELECT FROM pg_locks l
	WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
	  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
	  AND l.classid = %d AND l.objid = (i.id & 2147483647)::int::oid) ELSE false END`, lockSpace)

// runLock is a run's hold on its import: a session-level advisory lock, taken on a connection
// of its own so that no pool connection carries it on, and held as long as the run lasts.
// PostgreSQL releases it when the connection closes, as it does when the process running the
// import dies: the import then shows as interrupted at once (Import.Held), where a heartbeat
// would have to go stale first, and may be started again.
type runLock struct {
	conn *pgx.Conn
}

// lock takes import id's lock, or returns errBusy when a live run holds it.
func (s *Service) lock(ctx context.Context, id int64) (*runLock, error) {
	conn, err := pgx.ConnectConfig(ctx, s.DB.Pool.Config().ConnConfig)
	if err != nil {
		return nil, postgres.Err("imports: lock", err)
	}
	var ok bool
	err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, lockSpace, lockKey(id)).Scan(&ok)
	if err != nil || !ok {
		_ = conn.Close(ctx) // its error changes nothing: the lock is not held either way
		if err != nil {
			return nil, postgres.Err("imports: lock", err)
		}
		return nil, errBusy
	}
	return &runLock{conn: conn}, nil
}

// release unlocks the import and closes the lock's connection. The unlock is answered before the
// next step reads the import: a closed connection's server process may still hold the lock a
// moment after the close, which would show the run as still going.
func (l *runLock) release(id int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// An unlock that fails changes nothing: closing releases the lock all the same, and a
	// connection that fails to close is gone, and its lock with it.
	_, _ = l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1, $2)`, lockSpace, lockKey(id))
	_ = l.conn.Close(ctx)
}
