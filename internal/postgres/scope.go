package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Scope is the part of a dealer group a transaction may see: row-level security shows the
// store-owned rows of Stores and DepartmentStores, and the complaints of Stores and of
// Departments. The zero Scope sees nothing of any store; Whole sees the whole group.
type Scope struct {
	// All sees every store and department of the group.
	All bool
	// Stores are seen whole: all their rows, every department's complaints.
	Stores []int64
	// Departments are seen for their complaints; their stores' other rows are seen too.
	Departments []int64
	// DepartmentStores are the stores of Departments.
	DepartmentStores []int64
}

// Whole is the scope of the whole group: background work and the command line act in it.
var Whole = Scope{All: true}

// StoreScope sees one store whole.
func StoreScope(storeID int64) Scope { return Scope{Stores: []int64{storeID}} }

// Sees reports whether the scope shows store-owned rows of the store.
func (sc Scope) Sees(storeID int64) bool {
	return sc.All || contains(sc.Stores, storeID) || contains(sc.DepartmentStores, storeID)
}

// SeesWhole reports whether the scope shows every department of the store.
func (sc Scope) SeesWhole(storeID int64) bool { return sc.All || contains(sc.Stores, storeID) }

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Key names the scope, for keeping what was read in it.
func (sc Scope) Key() string {
	if sc.All {
		return "*"
	}
	return idArray(sc.Stores) + idArray(sc.Departments) + idArray(sc.DepartmentStores)
}

type scopeKey struct{}

// WithScope gives ctx the scope its transactions see.
func WithScope(ctx context.Context, sc Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, sc)
}

// ScopeOf is the scope ctx's transactions see: the one given by WithScope, else the whole group.
// Every HTTP request is given its person's scope before it reaches a handler; work that no
// person started (jobs, the command line, tests of a domain) acts for the whole group.
func ScopeOf(ctx context.Context) Scope {
	if sc, ok := ctx.Value(scopeKey{}).(Scope); ok {
		return sc
	}
	return Whole
}

// settings are the statements that set a transaction's tenant and scope, local to the
// transaction: the one setting app.scope, "tenant;stores;whole_stores;departments". Every value
// is a number, an array of numbers or "*", written into the statement so that setting them costs
// no round trip of its own. The policies read the stores (store-owned rows), the whole stores and
// the departments (complaints) through scope_ids; "*" is every store, and a missing setting shows
// nothing.
//
// It is a SET LOCAL command, which a distributed engine passes on to the nodes that hold the
// shards a transaction touches (Citus, with citus.propagate_set_commands = 'local', which Open
// asks for), where the policies are checked; a function call such as set_config stays on the
// node it runs on.
func settings(tenantID int64, sc Scope) []string {
	stores, whole := "*", "*"
	if !sc.All {
		stores = idArray(append(append([]int64{}, sc.Stores...), sc.DepartmentStores...))
		whole = idArray(sc.Stores)
	}
	return []string{"SET LOCAL app.scope = '" + strconv.FormatInt(tenantID, 10) + ";" + stores + ";" + whole + ";" +
		idArray(sc.Departments) + "'"}
}

// idArray writes ids as a PostgreSQL array literal.
func idArray(ids []int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte('}')
	return b.String()
}

// SetTenant sets the tenant and ctx's scope on a transaction begun without them, for the one
// transaction that creates its tenant before it can set it.
func SetTenant(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	_, err := tx.Exec(ctx, strings.Join(settings(tenantID, ScopeOf(ctx)), "; "))
	return Err("postgres.SetTenant", err)
}
