package benchmarks_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a dealer group with a store (and its standard departments) and a customer-service
// manager who reads Chinese, with the benchmark service over it on 20 October 2026.
type fixture struct {
	svc                       *benchmarks.Service
	db                        *pgtest.DB
	tenantID, storeID, userID int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	st := tenancy.NewStore()
	st.Name = "瑞丰一店"
	testkit.Must(t, (&tenancy.Service{DB: db.App}).CreateStore(ctx, tenantID, &st))
	userID, err := auth.NewService(db.App, time.Hour, time.Hour).CreateUser(ctx, tenantID,
		auth.NewUser{Email: "cs@example.com", Name: "客服经理", Locale: "zh-CN", Password: "correct-horse"})
	testkit.Must(t, err)
	now := func() time.Time { return time.Date(2026, 10, 20, 2, 0, 0, 0, time.UTC) }
	return &fixture{svc: &benchmarks.Service{DB: db.App, Now: now}, db: db, tenantID: tenantID, storeID: st.ID, userID: userID}
}

// upload keeps a results file for the fixture's store.
func (f *fixture) upload(t *testing.T, name string, content []byte) int64 {
	t.Helper()
	id, err := f.svc.Create(context.Background(), f.tenantID, f.userID,
		benchmarks.Upload{StoreID: f.storeID, Encoding: tabular.Auto, FileName: name, Content: content})
	testkit.Must(t, err)
	return id
}

// count counts the rows of a table of the fixture's group.
func (f *fixture) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	testkit.Must(t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT count(*) FROM `+table+` WHERE tenant_id = $1`, f.tenantID).Scan(&n)
	}))
	return n
}

// action is an opened action as the tests check it.
type action struct {
	ItemShort, ComparedWith, Weakness string
	Baseline, Target                  float64
	DueOn                             time.Time
	DepartmentKind                    string
	OpenedBy                          *int64
}

// actions reads the group's benchmark actions by item.
func (f *fixture) actions(t *testing.T) map[string]action {
	t.Helper()
	out := map[string]action{}
	testkit.Must(t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(context.Background(), `
			SELECT a.item_short, a.compared_with, a.weakness, a.baseline::float8, a.target::float8, a.due_on,
			       coalesce(d.kind, ''), a.opened_by
			FROM improvement_actions a LEFT JOIN departments d ON d.tenant_id = a.tenant_id AND d.id = a.department_id
			WHERE a.tenant_id = $1 AND a.source = 'benchmark' AND a.cause_key = 'benchmark:' || a.result_id`, f.tenantID)
		list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[action])
		for _, a := range list {
			out[a.ItemShort] = a
		}
		return err
	}))
	return out
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	testkit.Must(t, err)
	return b
}

// resultsCSV is a quarter's results, hand-computed: 接待 above both averages, 交车 equal to both,
// 等待 below both (national by more), 结算 below the regional only, 洗车 below both (regional by
// more), 回访 without a national average and below the regional, 展厅 a mystery shopper's item
// a hundredth below the national; 明检 has no averages.
const resultsCSV = `类别,季度,考核项目,本店得分,全国平均,区域平均,排名
CSI,2026Q3,服务顾问接待,90,85,86,3
CSI,2026Q3,交车说明,85,85,85,
CSI,2026年第3季度,维修等待时间,80,85,82,12
CSI,2026-Q3,结算透明,84,83,86,
售后满意度,2026-08-15,车辆清洁,78,80,85,
SSI,Q3 2026,交车后回访,880,,900,5/45
神秘客,2026Q3,展厅接待,92.49,92.5,91,
明检,2026Q3,环境整洁,95,,,
`

// rows is a CSV file of the lines after its header.
func rows(lines ...string) []byte {
	return []byte("类别,季度,考核项目,本店得分,全国平均,区域平均,排名\n" + strings.Join(lines, "\n") + "\n")
}
