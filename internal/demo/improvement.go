package demo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math"
	"time"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// benchmarkItem is an item of the demo's catalogue with its results: last quarter's national
// average (the quarter before's was 0.3 lower) and each store's score in the quarter before
// last and in last quarter.
type benchmarkItem struct {
	programme benchmarks.Programme
	name      string
	short     string // the questionnaire item it stands for; "" for none
	dept      tenancy.DepartmentKind
	national  float64
	scores    [2][2]float64 // by store, then quarter: before last, last
}

// regional is how far each demo store's regional average stands above the national one.
var regional = [2]float64{0.8, -0.4}

// benchmarkItems are the demo's catalogue as a manufacturer's quarterly report scores a dealer.
// Last quarter the Pudong store falls below an average in four items and the Hangzhou store in
// three; the quarter before, each fell below in one item, which has reached its target since.
var benchmarkItems = []benchmarkItem{
	{benchmarks.CSI, "服务顾问专业度", "服务态度", tenancy.AfterSales, 91.0, [2][2]float64{{88.9, 92.6}, {92.3, 92.9}}},
	{benchmarks.CSI, "维修质量", "维修一次到位", tenancy.AfterSales, 93.0, [2][2]float64{{94.1, 94.5}, {93.4, 93.6}}},
	{benchmarks.CSI, "交车及时性", "维修时间", tenancy.AfterSales, 89.5, [2][2]float64{{90.8, 87.2}, {90.1, 90.4}}},
	{benchmarks.CSI, "费用透明度", "收费合理", tenancy.AfterSales, 90.2, [2][2]float64{{91.3, 88.6}, {91.0, 90.9}}},
	{benchmarks.CSI, "休息区舒适度", "", tenancy.AfterSales, 92.4, [2][2]float64{{94.0, 93.8}, {92.5, 90.7}}},
	{benchmarks.SSI, "销售顾问产品介绍", "销售顾问专业知识", tenancy.Sales, 90.8, [2][2]float64{{92.0, 92.3}, {91.2, 91.5}}},
	{benchmarks.SSI, "试乘试驾体验", "试乘试驾", tenancy.Sales, 88.6, [2][2]float64{{89.9, 86.9}, {89.0, 89.4}}},
	{benchmarks.SSI, "新车交付仪式", "交车说明", tenancy.Sales, 93.5, [2][2]float64{{95.1, 95.6}, {94.2, 94.0}}},
	{benchmarks.SSI, "购车手续办理效率", "", tenancy.Sales, 89.9, [2][2]float64{{91.0, 91.2}, {87.8, 90.6}}},
	{benchmarks.Mystery, "展厅接待礼仪", "展厅环境与接待", tenancy.Sales, 87.5, [2][2]float64{{89.0, 85.4}, {88.1, 88.3}}},
	{benchmarks.Mystery, "客户需求分析", "", tenancy.Sales, 84.2, [2][2]float64{{85.6, 85.9}, {84.5, 82.1}}},
	{benchmarks.Mystery, "售后预约与接待", "预约与接待", tenancy.AfterSales, 90.1, [2][2]float64{{91.5, 91.7}, {90.3, 90.8}}},
	{benchmarks.Inspection, "展厅5S管理", "", tenancy.Sales, 94.0, [2][2]float64{{95.5, 95.9}, {94.6, 94.8}}},
	{benchmarks.Inspection, "工具管理", "", tenancy.AfterSales, 92.6, [2][2]float64{{94.0, 93.9}, {93.1, 91.0}}},
}

// figures are the item's result in the store and quarter (0: before last, 1: last), its rank
// going with its gap to the national average.
func (it benchmarkItem) figures(store, quarter int) benchmarks.Figures {
	national := math.Round((it.national-0.3*float64(1-quarter))*10) / 10
	region := math.Round((national+regional[store])*10) / 10
	score := it.scores[store][quarter]
	rank := min(max(20-int(math.Round((score-national)*5)), 1), 60)
	return benchmarks.Figures{Score: score, National: &national, Regional: &region, Rank: &rank}
}

// followUp is what a store's people did with the action an item's result below its average
// opened: who planned it with what cause and measure, whose it is, and how far it has come.
type followUp struct {
	store   int
	quarter int // 0: the quarter before last, 1: last quarter
	item    string
	stage   improve.Stage // where it stands now
	manager string        // the department's manager, who plans and moves it (e-mail prefix)
	owner   string        // the owner (e-mail prefix); "" for none yet
	cause   string        // "": nobody has planned it yet
	measure string
	overdue bool // due two weeks after it was planned: past by now
	// evidence is a note of its effect, and photo the name of a chart of it, by its owner.
	evidence, photo string
}

// followUps are the demo's actions of its results below an average, at every stage: those of
// the quarter before last closed on last quarter's result, one of last quarter's past its due
// date, and two not yet planned.
var followUps = []followUp{
	{store: 0, quarter: 0, item: "服务顾问专业度", stage: improve.StageClosed, manager: "manager@", owner: "staff@",
		cause:    "新入职服务顾问占比高，保养项目和延保政策讲解不熟练；接车问诊未按标准流程执行。",
		measure:  "每周二晨会进行产品与保养知识培训并考核；接车使用标准问诊单，服务经理每日抽查 5 单。",
		evidence: "四期培训签到表及考核成绩已归档，12 名服务顾问全部通过考核。"},
	{store: 0, quarter: 1, item: "交车及时性", stage: improve.StageDo, manager: "manager@", owner: "staff@", overdue: true,
		cause:   "快保工位不足，周末车间排产不均；延时交车未提前告知客户。",
		measure: "周末增开一个快保工位；超过承诺时间前 15 分钟由服务顾问主动致电客户说明进度。"},
	{store: 0, quarter: 1, item: "费用透明度", stage: improve.StageCheck, manager: "manager@", owner: "manager@",
		cause:   "增项未在施工前征得客户确认，结算时才告知；工时费标准未在接待区公示。",
		measure: "增项必须电话确认并录音；接待区公示工时费及常用配件价格；交车时逐项讲解结算单。",
		photo:   "费用说明执行跟踪.png"},
	{store: 0, quarter: 1, item: "试乘试驾体验", stage: improve.StageDo, manager: "sales@", owner: "sales@",
		cause:   "试驾车排期紧张，客户到店常需等候；试驾路线过短，体验不到高速与弯道性能。",
		measure: "新增两台试驾车并开放线上预约；重新规划 12 公里试驾路线，试驾前后由销售顾问讲解要点。"},
	{store: 0, quarter: 1, item: "展厅接待礼仪", stage: improve.StagePlan},
	{store: 1, quarter: 0, item: "购车手续办理效率", stage: improve.StageClosed, manager: "sales2@", owner: "sales2@",
		cause:    "上牌、保险、贷款手续分属不同岗位，客户需多次排队；所需资料未提前告知。",
		measure:  "设立一站式交车手续专员；签约时发放资料清单，交车前一天电话确认。",
		evidence: "一站式手续专员已到岗，平均办理时间由 95 分钟缩短到 50 分钟。"},
	{store: 1, quarter: 1, item: "休息区舒适度", stage: improve.StageDo, manager: "manager2@", owner: "staff2@",
		cause:    "客户休息区座位不足，高峰期拥挤；饮品种类少，无线网络不稳定。",
		measure:  "扩建休息区并增加 12 个座位；增设儿童区和饮品吧；更换无线路由器。",
		evidence: "休息区扩建已完工，新增座位 12 个，无线网络已更换。"},
	{store: 1, quarter: 1, item: "工具管理", stage: improve.StagePlan, manager: "manager2@",
		cause: "专用工具借用无登记，部分工具缺失或未归位；工具柜未按 5S 要求标识。"},
	{store: 1, quarter: 1, item: "客户需求分析", stage: improve.StagePlan},
}

// schedule is when a store's results came in and were acted on, whatever the day the demo is
// seeded: the quarter before last's a fortnight into last quarter, and last quarter's three
// weeks ago, so that the actions they opened are due after today.
type schedule struct {
	quarters [2]time.Time   // the quarter before last and last quarter, as dates
	entered  [2]time.Time   // when each quarter's results were entered
	checked  time.Time      // when an action of last quarter was checked
	zone     *time.Location // the store's
}

// newSchedule is the schedule of a store in the time zone, seeded at now.
func newSchedule(now time.Time, zone *time.Location) schedule {
	today := scores.Date(now, zone)
	last := scores.Quarter.LastComplete(today)
	at := func(d time.Time, hour int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, zone)
	}
	return schedule{quarters: [2]time.Time{scores.Quarter.Add(last, -1), last},
		entered: [2]time.Time{at(last.AddDate(0, 0, 14), 10), at(today.AddDate(0, 0, -21), 10)},
		checked: at(today.AddDate(0, 0, -2), 16), zone: zone}
}

// planned is when the action of a quarter's result was planned and started: the next day.
func (s schedule) planned(quarter int) time.Time { return s.entered[quarter].Add(26 * time.Hour) }

// due is the due date a follow-up's plan sets: two weeks for the overdue one, the end of last
// quarter for one of the quarter before; zero keeps the one the action was opened with.
func (s schedule) due(f followUp) time.Time {
	switch {
	case f.overdue:
		return scores.Date(s.planned(f.quarter), s.zone).AddDate(0, 0, 14)
	case f.quarter == 0:
		return scores.Quarter.Add(s.quarters[1], 1).AddDate(0, 0, -1)
	}
	return time.Time{}
}

// improver enters the demo's benchmark results and takes the actions they open through their
// stages as the stores' people would have, each step on its own clock, through the services the
// pages use.
type improver struct {
	db       *postgres.DB
	tenantID int64
	clock    time.Time
	bench    *benchmarks.Service
	acts     *improve.Service
	people   map[string]person
	stores   [2]int64
	plans    [2]schedule
	results  map[resultKey]int64
}

// resultKey names a result of the demo: a store's item in a quarter (0: before last, 1: last).
type resultKey struct {
	store, quarter int
	item           string
}

// seedImprovement gives the demo group, once, its benchmark catalogue and both stores' results
// of the last two quarters, walks the actions those below an average opened (followUps), and
// opens the actions of the departments below the red line last month.
func seedImprovement(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) error {
	seeded, err := postgres.One[struct{ Yes bool }](ctx, db, tenantID, "demo.benchmarks",
		`SELECT EXISTS (SELECT FROM benchmark_results WHERE tenant_id = $1)`)
	if err != nil || seeded.Yes {
		return err
	}
	w, err := newImprover(ctx, db, tenantID, now)
	if err != nil {
		return err
	}
	if err := w.enterResults(ctx); err != nil {
		return err
	}
	for _, f := range followUps {
		if err := w.follow(ctx, f); err != nil {
			return err
		}
	}
	w.clock = now
	_, err = w.acts.OpenRedLines(ctx, tenantID)
	return err
}

func newImprover(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) (*improver, error) {
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	w := &improver{db: db, tenantID: tenantID, results: map[resultKey]int64{}}
	clock := func() time.Time { return w.clock }
	w.bench = &benchmarks.Service{DB: db, Now: clock}
	w.acts = &improve.Service{DB: db, Now: clock, Notify: &notify.Service{Bundle: bundle}}
	if w.people, err = people(ctx, db, tenantID); err != nil {
		return nil, err
	}
	list, err := (&tenancy.Service{DB: db}).Stores(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	for i, st := range stores {
		w.stores[i] = storeNamed(list, st.Name)
		w.plans[i] = newSchedule(now, tenancy.Location(st.TimeZone))
	}
	return w, nil
}

// enterResults adds the catalogue's items and enters each store's results, quarter by quarter,
// as its customer-service manager.
func (w *improver) enterResults(ctx context.Context) error {
	items := make([]int64, len(benchmarkItems))
	for i, b := range benchmarkItems {
		it := benchmarks.Item{Programme: b.programme, Name: b.name, ItemShort: b.short, DepartmentKind: b.dept}
		if err := w.bench.SaveItem(ctx, w.tenantID, &it); err != nil {
			return err
		}
		items[i] = it.ID
	}
	for store, csm := range []string{"csm@", "csm2@"} {
		for quarter := range 2 {
			for i, b := range benchmarkItems {
				e := benchmarks.Entry{StoreID: w.stores[store], ItemID: items[i], Quarter: w.plans[store].quarters[quarter],
					Figures: b.figures(store, quarter)}
				err := w.at(w.plans[store].entered[quarter].Add(time.Duration(i)*time.Minute), func() error {
					saved, err := w.bench.Save(ctx, w.tenantID, w.people[demoEmail(csm)].UserID, e)
					w.results[resultKey{store, quarter, b.name}] = saved.ResultID
					return err
				})
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// follow plans the action of a follow-up and takes it to its stage, with its evidence.
func (w *improver) follow(ctx context.Context, f followUp) error {
	if f.cause == "" {
		return nil
	}
	a, err := postgres.One[struct{ ID int64 }](ctx, w.db, w.tenantID, "demo.action",
		`SELECT id FROM improvement_actions WHERE tenant_id = $1 AND result_id = $2`, w.results[resultKey{f.store, f.quarter, f.item}])
	if err != nil {
		return err
	}
	s := w.plans[f.store]
	planned := s.planned(f.quarter)
	if err := w.at(planned, func() error { return w.plan(ctx, a.ID, f, s.due(f)) }); err != nil || f.stage == improve.StagePlan {
		return err
	}
	manager := improve.Actor(w.people[demoEmail(f.manager)])
	if err := w.move(ctx, a.ID, manager, improve.StepStart, planned.Add(time.Hour)); err != nil {
		return err
	}
	if err := w.at(planned.AddDate(0, 0, 7), func() error { return w.evidence(ctx, a.ID, f) }); err != nil {
		return err
	}
	type timed struct {
		step improve.Step
		at   time.Time
	}
	var steps []timed
	switch f.stage {
	case improve.StageCheck:
		steps = []timed{{improve.StepCheck, s.checked}}
	case improve.StageClosed: // once the next quarter's result came in
		next := s.entered[1]
		steps = []timed{{improve.StepCheck, next.Add(24 * time.Hour)}, {improve.StepAct, next.Add(48 * time.Hour)},
			{improve.StepClose, next.Add(72 * time.Hour)}}
	}
	for _, st := range steps {
		if err := w.move(ctx, a.ID, manager, st.step, st.at); err != nil {
			return err
		}
	}
	return nil
}

// plan writes the follow-up's cause, measure, owner and due date (zero: the one it has) into
// the action's plan, as the department's manager.
func (w *improver) plan(ctx context.Context, id int64, f followUp, due time.Time) error {
	a, err := w.acts.Get(ctx, w.tenantID, id)
	if err != nil {
		return err
	}
	p := improve.Plan{DepartmentID: a.DepartmentID, Weakness: a.Weakness, Baseline: a.Baseline, Target: a.Target,
		CauseAnalysis: f.cause, Measure: f.measure, OwnerID: w.people[demoEmail(f.owner)].UserID, DueOn: due}
	if due.IsZero() && a.DueOn != nil {
		p.DueOn = *a.DueOn
	}
	return w.acts.Edit(ctx, w.tenantID, improve.Actor(w.people[demoEmail(f.manager)]), id, p)
}

// move takes a step of the action as who at the time; closing goes by the results that
// followed the quarter of its weakness.
func (w *improver) move(ctx context.Context, id int64, who improve.Actor, step improve.Step, at time.Time) error {
	return w.at(at, func() error {
		a, err := w.acts.Get(ctx, w.tenantID, id)
		if err != nil {
			return err
		}
		var c improve.Closing
		if step == improve.StepClose {
			c.Note = "厂家季度成绩已达到目标，措施纳入日常考核。"
			if c.Figures, err = w.acts.BenchmarkFigures(ctx, w.tenantID, a); err != nil {
				return err
			}
		}
		_, err = w.acts.Move(ctx, w.tenantID, who, id, step, a.Stage, c)
		return err
	})
}

// evidence adds the follow-up's note and chart, if any, as its owner.
func (w *improver) evidence(ctx context.Context, id int64, f followUp) error {
	e := improve.NewEvidence{Note: f.evidence}
	if f.photo != "" {
		e.FileName, e.Content = f.photo, chart()
	}
	if e.Note == "" && e.FileName == "" {
		return nil
	}
	return w.acts.AddEvidence(ctx, w.tenantID, improve.Actor(w.people[demoEmail(f.owner)]), id, e)
}

// at takes a step with the clock at t.
func (w *improver) at(t time.Time, step func() error) error {
	w.clock = t
	return step()
}

// chart is a small bar chart, as a PNG: the share of bills explained item by item, week by week.
func chart() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 80))
	for x := range 120 {
		for y := range 80 {
			img.Set(x, y, color.White)
		}
	}
	for i, h := range []int{30, 42, 55, 63, 71} {
		for x := 8 + 22*i; x < 22+22*i; x++ {
			for y := 78 - h; y < 78; y++ {
				img.Set(x, y, color.RGBA{R: 0x1f, G: 0x6f, B: 0xb4, A: 0xff})
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img) // writing to memory does not fail
	return b.Bytes()
}
