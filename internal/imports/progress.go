package imports

import (
	"context"
	"io"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// heartbeat reports a run's progress every second from its own transactions, so the progress
// page moves while the run's transaction is open; the returned func stops it.
func (s *Service) heartbeat(tenantID, id int64, read *meter) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				s.beat(ctx, tenantID, id, read.n.Load())
			}
		}
	}()
	return func() { cancel(); <-done }
}

// beat records progress; a missed beat only delays the progress bar, so errors are dropped.
func (s *Service) beat(ctx context.Context, tenantID, id, read int64) {
	_ = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE imports SET read_bytes = $3, heartbeat_at = now()
			WHERE tenant_id = $1 AND id = $2 AND status IN ('previewing', 'committing')`, tenantID, id, read)
		return err
	})
}

// meter records how far into its file a run has read, for the progress bar.
type meter struct {
	r io.ReaderAt
	n atomic.Int64
}

// ReadAt reads from the file, moving the mark past what it read. One goroutine reads; the
// heartbeat only looks.
func (m *meter) ReadAt(p []byte, off int64) (int, error) {
	n, err := m.r.ReadAt(p, off)
	if end := off + int64(n); end > m.n.Load() {
		m.n.Store(end)
	}
	return n, err
}
