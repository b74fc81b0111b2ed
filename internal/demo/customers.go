package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// CustomerCount is how many demo customers each store brings.
const CustomerCount = 150

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
	given    = []string{"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
		"秀英", "丽", "刚", "平", "桂英", "建华", "志强", "晓燕", "海燕", "俊杰", "子轩", "欣怡", "浩然", "雨涵"}
	advisors    = []string{"孙浩", "周敏", "吴磊"}
	consultants = []string{"郑爽", "王琳", "马骏", "何欢"}
	groups      = []string{"机电一组", "机电二组", "钣喷组"}
	workTypes   = []string{"maintenance", "maintenance", "maintenance", "repair", "repair", "body_paint", "warranty", "accessory"}
)

// storeFleet is what a demo store sells: the VIN prefix (manufacturer and plant) and models.
type storeFleet struct {
	wmi, plate string
	brand      string
	models     []string
}

var fleets = []storeFleet{
	{"LBVGW790", "沪", "宝马", []string{"3系", "5系", "X1", "X3", "iX3"}},
	{"LVGBE40K", "浙A", "丰田", []string{"凯美瑞", "汉兰达", "威兰达", "雷凌", "bZ4X"}},
}

// seedCustomers loads the demo customers and orders into a demo group that has no customers yet.
func seedCustomers(ctx context.Context, db *postgres.DB, tenantID int64) error {
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var seeded bool
	var storeIDs []int64
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM customers WHERE tenant_id = $1),
		array(SELECT id FROM stores WHERE tenant_id = $1 ORDER BY id)`, tenantID).Scan(&seeded, &storeIDs)
	if err != nil || seeded {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	if err := loadOrders(ctx, db, tenantID, storeIDs[:min(len(storeIDs), len(fleets))], time.Now()); err != nil {
		return err
	}
	return profileCustomers(ctx, db, tenantID)
}

// loadOrders gives every demo store its customers, each with a car, a delivery or service
// orders over the last seven months, loaded as the DMS import loads them.
func loadOrders(ctx context.Context, db *postgres.DB, tenantID int64, storeIDs []int64, now time.Time) error {
	r := rand.New(rand.NewPCG(2026, 11))
	for i, storeID := range storeIDs {
		deliveries, services := fleetRecords(r, i, now)
		numberLines(deliveries)
		numberLines(services)
		for _, batch := range []struct {
			k    orders.Kind
			recs []orders.Record
		}{{orders.Deliveries, deliveries}, {orders.ServiceOrders, services}} {
			if _, err := (&orders.Service{DB: db}).Load(ctx, tenantID, storeID, batch.k, "import", batch.recs, false); err != nil {
				return fmt.Errorf("demo: %s: %w", batch.k, err)
			}
		}
	}
	return nil
}

func fleetRecords(r *rand.Rand, store int, now time.Time) (deliveries, services []orders.Record) {
	f := fleets[store]
	// yesterday draws the visits made yesterday apart from the rest, so that the other
	// customers, orders and calls of the demo stay as they were.
	yesterday := rand.New(rand.NewPCG(2026, uint64(12+store)))
	for c := range CustomerCount {
		base := orders.Record{
			CustomerName: string(surnames[r.IntN(len(surnames))]) + given[r.IntN(len(given))],
			Phone:        fmt.Sprintf("1%d%d%08d", 3+r.IntN(7), r.IntN(10), store*10_000_000+c*7919%10_000_000),
			VIN:          fmt.Sprintf("%s%d%08d", f.wmi, 5+store, 1000+c),
			Plate:        fmt.Sprintf("%s%c%04d", f.plate, 'A'+rune(r.IntN(8)), r.IntN(10000)),
			Brand:        f.brand,
			Model:        f.models[r.IntN(len(f.models))],
		}
		if c%3 == 0 { // a new car: delivered in the last seven months
			d := base
			d.OrderNo = fmt.Sprintf("JC%d%05d", store+1, c)
			d.DeliveredOn = now.AddDate(0, 0, -1-r.IntN(historyDays)).Truncate(24 * time.Hour)
			d.SalesConsultant = consultants[r.IntN(len(consultants))]
			deliveries = append(deliveries, d)
			continue
		}
		for v := range 1 + r.IntN(3) {
			services = append(services, serviceVisit(r, base, fmt.Sprintf("RO%d%05d%d", store+1, c, v), now, 1+r.IntN(historyDays)))
		}
		if c%25 == 1 { // this morning's calls: cars serviced yesterday
			services = append(services, serviceVisit(yesterday, base, fmt.Sprintf("RO%d%05d9", store+1, c), now, 1))
		}
	}
	return deliveries, services
}

// serviceVisit is a service order of base's car, opened daysAgo days before now.
func serviceVisit(r *rand.Rand, base orders.Record, orderNo string, now time.Time, daysAgo int) orders.Record {
	o := base
	o.OrderNo = orderNo
	day := now.In(shanghai).AddDate(0, 0, -daysAgo)
	o.OpenedAt = time.Date(day.Year(), day.Month(), day.Day(), 8, 15*r.IntN(36), 0, 0, shanghai) // 8:00 to 16:45
	closed := o.OpenedAt.Add(time.Duration(1+r.IntN(8)) * time.Hour)
	o.ClosedAt = &closed
	o.WorkType = workTypes[r.IntN(len(workTypes))]
	o.Advisor = advisors[r.IntN(len(advisors))]
	o.WorkshopGroup = groups[r.IntN(len(groups))]
	mileage := 5000 + r.IntN(80000)
	o.Mileage = &mileage
	o.AmountFen = int64(30000 + r.IntN(800000))
	return o
}

// shanghai is the demo stores' time zone.
var shanghai, _ = time.LoadLocation(tenancy.DefaultTimeZone)

// profileCustomers fills in what a DMS export does not carry for some demo customers: gender,
// birth date, city, a preferred time to call, and a few who must not be called.
func profileCustomers(ctx context.Context, db *postgres.DB, tenantID int64) error {
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// The values are picked with CASE WHEN: Citus 13.2 crashes on an UPDATE that sets a column
	// to an element of an array, (ARRAY[…])[i], and garbles a CASE of one value (CASE x WHEN …)
	// in any statement that writes.
	_, err = tx.Exec(ctx, `
		UPDATE customers SET
			gender = CASE WHEN id % 4 = 1 THEN 'female' WHEN id % 4 = 3 THEN 'unknown' ELSE 'male' END,
			birth_date = DATE '1960-01-01' + ((id * 7919) % 14000)::int,
			region = CASE WHEN name < '林' THEN '上海' ELSE '浙江' END,
			city = CASE WHEN id % 5 = 0 THEN '浦东新区' WHEN id % 5 = 1 THEN '闵行区' WHEN id % 5 = 2 THEN '杭州'
				WHEN id % 5 = 3 THEN '宁波' ELSE '绍兴' END,
			contact_time = CASE WHEN id % 6 = 2 THEN 'morning' WHEN id % 6 = 3 THEN 'afternoon'
				WHEN id % 6 = 4 THEN 'evening' WHEN id % 6 = 5 THEN 'weekend' ELSE 'any' END,
			do_not_contact = id % 37 = 0,
			dnc_reason = CASE WHEN id % 37 <> 0 THEN '' WHEN id % 2 = 0 THEN 'sold_car' ELSE 'serviced_elsewhere' END
		WHERE tenant_id = $1`, tenantID)
	if err == nil {
		err = changes.AnnounceCustomers(ctx, tx, tenantID)
	}
	if err != nil {
		return fmt.Errorf("demo: customers: %w", err)
	}
	return tx.Commit(ctx)
}

// numberLines numbers records as the lines of a file would be.
func numberLines(recs []orders.Record) {
	for i := range recs {
		recs[i].Line = i + 2
	}
}

// seedFollowUps gives every demo store the default questionnaires and follow-up rules it lacks
// (as a group seeded by an earlier version needs), then generates the group's follow-up tasks,
// so that the worklist has today's calls.
func seedFollowUps(ctx context.Context, db *postgres.DB, tenantID int64) error {
	list, err := (&tenancy.Service{DB: db}).Stores(ctx, tenantID)
	if err != nil {
		return err
	}
	qs := &surveys.Service{DB: db, Now: time.Now}
	fs := &followups.Service{DB: db, Now: time.Now, Cooldown: followups.DefaultCooldown}
	for _, st := range list {
		if err := qs.EnsureDefaults(ctx, tenantID, st.ID); err != nil {
			return err
		}
		if err := fs.EnsureDefaultRules(ctx, tenantID, st.ID); err != nil {
			return err
		}
	}
	agents, err := storeAgents(ctx, db, tenantID)
	if err != nil {
		return err
	}
	worked, err := postgres.One[struct{ Yes bool }](ctx, db, tenantID, "demo.worked",
		`SELECT EXISTS (SELECT FROM call_attempts WHERE tenant_id = $1)`)
	if err != nil {
		return err
	}
	if !worked.Yes {
		if err := seedHistory(ctx, db, tenantID, agents, time.Now()); err != nil {
			return err
		}
	}
	_, err = fs.Generate(ctx, tenantID)
	return err
}
