package scores

import (
	"context"
	"strconv"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service reads and changes the scores of one database, and keeps the boards it reads in
// memory until a change to their store is heard.
type Service struct {
	DB *postgres.DB
	// Now is the application's clock, which dates the focus items meetings choose; nil reads the
	// system's.
	Now  func() time.Time
	memo *changes.Memo[[]Board]
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// NewService returns the scores of db whose kept boards t watches; with a nil t nothing is kept.
func NewService(db *postgres.DB, t *changes.Tracker) *Service {
	s := &Service{DB: db}
	if t != nil {
		s.memo = changes.NewMemo[[]Board](t)
	}
	return s
}

// ReadBoard reads the scoreboard of a store and kind for the n periods up to and including the
// one starting on k.Start, with the group's tiers.
func (s *Service) ReadBoard(ctx context.Context, tenantID int64, k Key, n int) (Board, error) {
	return first(s.ReadBoards(ctx, tenantID, n, k))
}

// ReadBoards reads several boards of n periods, kept. The boards returned are shared: read them
// only. A board kept is served only within a scope that sees its store; outside it the store is
// not found, as it would be read afresh.
func (s *Service) ReadBoards(ctx context.Context, tenantID int64, n int, keys ...Key) ([]Board, error) {
	storeIDs := make([]int64, len(keys))
	for i, k := range keys {
		if !postgres.ScopeOf(ctx).Sees(k.StoreID) {
			return nil, apperr.New(apperr.NotFound, "error.not_found")
		}
		storeIDs[i] = k.StoreID
	}
	if s.memo == nil {
		return s.readBoards(ctx, tenantID, n, keys...)
	}
	return s.memo.Get(cacheKey(tenantID, n, keys), tenantID, storeIDs, func() ([]Board, error) {
		return s.readBoards(ctx, tenantID, n, keys...)
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
