package scores

import (
	"context"
	"strconv"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Boards reads boards and keeps them in memory until a change to their store is heard.
type Boards struct {
	memo *changes.Memo[[]Board]
}

// NewBoards returns a board reader whose kept boards t watches.
func NewBoards(t *changes.Tracker) *Boards {
	return &Boards{memo: changes.NewMemo[[]Board](t)}
}

// ReadBoard is the package's ReadBoard, kept.
func (c *Boards) ReadBoard(ctx context.Context, db *postgres.DB, tenantID int64, k Key, n int) (Board, error) {
	return first(c.ReadBoards(ctx, db, tenantID, n, k))
}

// ReadBoards is the package's ReadBoards, kept. The boards returned are shared: read them only.
// A board kept is served only within a scope that sees its store; outside it the store is not
// found, as it would be read afresh.
func (c *Boards) ReadBoards(ctx context.Context, db *postgres.DB, tenantID int64, n int, keys ...Key) ([]Board, error) {
	storeIDs := make([]int64, len(keys))
	for i, k := range keys {
		if !postgres.ScopeOf(ctx).Sees(k.StoreID) {
			return nil, apperr.New(apperr.NotFound, "error.not_found")
		}
		storeIDs[i] = k.StoreID
	}
	return c.memo.Get(cacheKey(tenantID, n, keys), tenantID, storeIDs, func() ([]Board, error) {
		return ReadBoards(ctx, db, tenantID, n, keys...)
	})
}

// cacheKey names a read: the tenant, the number of periods and each board's store, kind,
// period and start.
func cacheKey(tenantID int64, n int, keys []Key) string {
	b := strconv.AppendInt(nil, tenantID, 10)
	b = strconv.AppendInt(append(b, ' '), int64(n), 10)
	for _, k := range keys {
		b = strconv.AppendInt(append(b, ' '), k.StoreID, 10)
		b = append(append(append(append(b, ' '), k.Kind...), ' '), k.Period...)
		b = k.Start.AppendFormat(append(b, ' '), "2006-01-02")
	}
	return string(b)
}
