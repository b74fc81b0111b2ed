package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestCustomerSearch_KeptUntilACustomerChanges: a search page is kept rendered, so a change
// written past the application stays unseen; a customer renamed, a vehicle added and a customer
// loaded from the DMS by another process of the application show once their notices are heard;
// and a viewer who sees phones masked never gets the page of one who sees them whole.
func TestCustomerSearch_KeptUntilACustomerChanges(t *testing.T) {
	e := newEnv(t)
	agent, gm := e.login(e.A.Emails[auth.Agent]), e.login(e.A.Emails[auth.GM])
	const search, phone = "/customers?q=5678", "13912345678" // the seeded customer's phone ends 5678
	if page := agent.get(search).Body; !strings.Contains(page, "张伟") || !strings.Contains(page, phone) {
		t.Fatalf("agent's search: want 张伟 with the whole phone")
	}
	for range 2 {
		if page := gm.get(search).Body; !strings.Contains(page, "张伟") || strings.Contains(page, phone) {
			t.Fatalf("general manager's search: want 张伟 with the phone masked")
		}
	}
	ctx := context.Background()
	id := e.A.IDs["{customerID}"]
	renameUnannounced(t, e, id, "欧阳锋")
	if page := agent.get(search).Body; !strings.Contains(page, "张伟") {
		t.Fatalf("search after an unannounced rename: want the kept page, with 张伟")
	}

	renameSaved(t, e, id, "洪七公") // saved by another process: only the database's notices tell this one
	eventually(t, agent, search, "洪七公")
	testkit.Must(t, (&customers.Service{DB: e.DB.App, Now: e.now}).CreateVehicle(ctx, e.A.TenantID, &customers.Vehicle{CustomerID: id, VIN: "LSVAG2180E2105678",
		Plate: "沪C56789", Brand: "大众", Model: "途观"}))
	eventually(t, agent, search, "沪C56789")
	recs := []orders.Record{{Line: 1, OrderNo: "D-kept", CustomerName: "令狐冲", Phone: "13800005678",
		VIN: "LSVAG2180E2199999", DeliveredOn: time.Now().Add(-24 * time.Hour).Truncate(24 * time.Hour)}}
	_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, e.A.TenantID, e.A.StoreID, orders.Deliveries, "api", recs, false)
	testkit.Must(t, err)
	eventually(t, agent, search, "令狐冲")
	if page := gm.get(search).Body; !strings.Contains(page, "令狐冲") || strings.Contains(page, phone) {
		t.Errorf("general manager's search after the load: want 令狐冲, phones masked")
	}
}

// TestCustomerSearch_LongTermsReadAfresh: a term longer than the search box takes, which only a
// hand-made address sends, is never kept: a customer written past the application shows on the
// very next search for it.
func TestCustomerSearch_LongTermsReadAfresh(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	name := strings.Repeat("长", 60)
	search := "/customers?q=" + url.QueryEscape(name)
	if page := agent.get(search).Body; !strings.Contains(page, `data-testid="no-customers"`) {
		t.Fatalf("a 60-character term before the customer exists: want no match")
	}
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, $2, '13699000001')`, e.A.TenantID, name)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	if page := agent.get(search).Body; !strings.Contains(page, `data-testid="customers-table"`) || !strings.Contains(page, ">"+name+"</a>") {
		t.Errorf("the same term once the customer exists: want them, read afresh")
	}
}

// renameUnannounced renames group A's customer id in the database without a change notice, as
// no part of the application would: a page that still shows the old name is kept.
func renameUnannounced(t *testing.T, e *env, id int64, name string) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE customers SET name = $3 WHERE tenant_id = $1 AND id = $2`, e.A.TenantID, id, name)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}

// renameSaved renames group A's customer id as the customer form saves it, with its notice,
// as another server process would.
func renameSaved(t *testing.T, e *env, id int64, name string) {
	t.Helper()
	ctx := context.Background()
	svc := &customers.Service{DB: e.DB.App, Now: e.now}
	c, err := svc.Customer(ctx, e.A.TenantID, id)
	testkit.Must(t, err)
	c.Name = name
	testkit.Must(t, svc.Update(ctx, e.A.TenantID, e.A.Users[auth.Admin], &c))
}
