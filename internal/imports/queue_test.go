package imports

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
)

// TestParseTurn: with every turn taken, a request waits until its context ends and is told the
// server is busy, before it reads the file or the database; a turn given back is taken.
func TestParseTurn(t *testing.T) {
	for range maxParses {
		parses <- struct{}{}
	}
	defer func() {
		for range len(parses) {
			<-parses
		}
	}()
	s := &Service{Now: time.Now} // no database: nothing may reach it
	up := Upload{StoreID: 1, Kind: orders.Deliveries, Encoding: tabular.Auto, FileName: "a.csv", Content: []byte("a\n1\n")}
	waits := map[string]func(ctx context.Context) error{
		"upload": func(ctx context.Context) error { _, err := s.Create(ctx, 1, 1, up); return err },
		"rejects": func(ctx context.Context) error {
			return s.WriteRejects(ctx, 1, 1, nil, func(k string, _ ...any) string { return k })
		},
	}
	for name, wait := range waits {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := wait(ctx)
			if e, ok := apperr.As(err); !ok || e.Code != apperr.Unavailable || e.Key != "imports.busy" {
				t.Errorf("err=%v, want unavailable imports.busy", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("waited %v, want the context's 50 ms", d)
			}
		})
	}
	<-parses
	done, err := requestTurn(context.Background())
	if err != nil {
		t.Fatalf("turn given back: err=%v, want a turn", err)
	}
	done()
}
