package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /admin/calendars":         adminOnly(200),
		"POST /admin/calendars":        adminOnly(422), // an empty week has no hours
		"POST /admin/calendars/import": adminOnly(400), // an empty urlencoded post is no upload
	})
}

// calendarForm is a valid calendar of store: weekdays with a lunch break, Saturdays 09:00–17:00,
// closed on Sundays; New Year's Day closed and a 调休 Sunday.
func calendarForm(storeID int64) url.Values {
	f := url.Values{"store_id": {fmt.Sprint(storeID)}}
	for d := 1; d <= 5; d++ {
		f.Set(fmt.Sprintf("week[%d]", d), "08:30-12:00, 13:30–18:00")
	}
	f.Set("week[6]", "09:00-17:00")
	f.Set("days[0].date", "2027-01-01")
	f.Set("days[0].note", "元旦")
	f.Set("days[1].date", "2027-02-07")
	f.Set("days[1].kind", "open")
	f.Set("days[1].hours", "09:00-17:00")
	return f
}

// calendarVersions counts the saved calendar versions of the tenant's store.
func calendarVersions(t *testing.T, e *env, tenantID, storeID int64) int {
	t.Helper()
	var n int
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT count(*) FROM store_calendars WHERE tenant_id = $1 AND store_id = $2`,
			tenantID, storeID).Scan(&n)
	}))
	return n
}

// currentCalendar reads the store's current calendar.
func currentCalendar(t *testing.T, e *env, tenantID, storeID int64) calendar.Calendar {
	t.Helper()
	var c calendar.Calendar
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), tenantID, func(tx pgx.Tx) (err error) {
		c, _, err = calendar.Current(context.Background(), tx, tenantID, storeID)
		return err
	}))
	return c
}

// TestCalendar_Page: the administrator sees the store's default calendar, that changes apply to
// deadlines set afterwards, the next two weeks, and the import with its example file.
func TestCalendar_Page(t *testing.T) {
	e := newEnv(t)
	res := e.login(e.A.Emails[auth.Admin]).get("/admin/calendars")
	for _, want := range []string{`data-testid="calendar-default"`, "Deadlines already running keep the calendar they were set with",
		`data-testid="calendar-coming"`, `href="/static/examples/holidays-cn-2026-example.csv"`, "An example only",
		`name="week[1]" value="08:30–18:00"`, `name="week[0]" value="08:30–18:00"`, `href="/admin/calendars" class="active"`} {
		if res.Code != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Errorf("Status=%d, want 200 with %q", res.Code, want)
		}
	}
}

// TestCalendar_Save: a saved calendar is the store's from then on, as a new version, and the
// page shows it; every other role is refused and saves nothing.
func TestCalendar_Save(t *testing.T) {
	e := newEnv(t)
	for _, role := range auth.Roles {
		res := e.login(e.A.Emails[role]).post("/admin/calendars", calendarForm(e.A.StoreID))
		want := http.StatusForbidden
		if role == auth.Admin {
			want = http.StatusSeeOther
		}
		if res.Code != want {
			t.Errorf("%s: Status=%d, want %d", role, res.Code, want)
		}
	}
	if n := calendarVersions(t, e, e.A.TenantID, e.A.StoreID); n != 1 {
		t.Fatalf("versions=%d, want 1", n)
	}
	c := currentCalendar(t, e, e.A.TenantID, e.A.StoreID)
	loc := tenancy.Location(tenancy.DefaultTimeZone)
	// Friday 2027-02-05 17:30, 2 h: 30 min on Friday and 90 on Saturday, open 09:00–17:00.
	if got, want := c.Add(time.Date(2027, 2, 5, 17, 30, 0, 0, loc), 2*time.Hour), time.Date(2027, 2, 6, 10, 30, 0, 0, loc); !got.Equal(want) {
		t.Errorf("deadline=%v, want %v", got, want)
	}
	if !c.Open(time.Date(2027, 2, 7, 10, 0, 0, 0, loc)) || c.Open(time.Date(2027, 1, 1, 10, 0, 0, 0, loc)) {
		t.Errorf("Days=%v, want the 调休 Sunday open and New Year's Day closed", c.Days)
	}
	page := e.login(e.A.Emails[auth.Admin]).get(fmt.Sprintf("/admin/calendars?store=%d", e.A.StoreID)).Body
	for _, want := range []string{`name="week[6]" value="09:00–17:00"`, `name="days[1].date" value="2027-02-07"`, `value="元旦"`} {
		if !strings.Contains(page, want) || strings.Contains(page, `data-testid="calendar-default"`) {
			t.Errorf("page lacks %q, or still says default", want)
		}
	}
}

// TestCalendar_SaveInvalid: bad input comes back at its row with the message, and nothing is saved.
func TestCalendar_SaveInvalid(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	tests := []struct {
		name, field, message string
		change               func(url.Values)
	}{
		{"overlap", "week.1", "The two openings overlap", func(f url.Values) { f.Set("week[1]", "08:30-14:00, 13:30-18:00") }},
		{"end before start", "week.2", "A closing time is not after its opening time", func(f url.Values) { f.Set("week[2]", "18:00-08:30") }},
		{"time out of range", "week.3", "from 00:00 to 24:00", func(f url.Values) { f.Set("week[3]", "08:30-25:00") }},
		{"opening without closing", "week.4", "such as 08:30–12:00", func(f url.Values) { f.Set("week[4]", "08:30") }},
		{"three openings", "week.5", "at most two openings", func(f url.Values) { f.Set("week[5]", "08:00-10:00, 11:00-12:00, 13:00-18:00") }},
		{"bad date", "days.0", "Enter the date as a calendar date", func(f url.Values) { f.Set("days[0].date", "2027-02-30") }},
		{"duplicate date", "days.1", "already in the list above", func(f url.Values) { f.Set("days[1].date", "2027-01-01") }},
		{"workday without hours", "days.1", "A workday needs its opening hours", func(f url.Values) { f.Set("days[1].hours", "") }},
		{"closed all week", "week", "closed every day of the week", func(f url.Values) {
			for d := range 7 {
				f.Set(fmt.Sprintf("week[%d]", d), "")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := calendarForm(e.A.StoreID)
			tt.change(f)
			res := c.post("/admin/calendars", f)
			errAt := between(res.Body, `data-testid="error-`+tt.field+`"`, "</p>")
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(errAt, tt.message) {
				t.Errorf("Status=%d, error at %s %q, want 422 with %q", res.Code, tt.field, errAt, tt.message)
			}
		})
	}
	if n := calendarVersions(t, e, e.A.TenantID, e.A.StoreID); n != 0 {
		t.Errorf("versions=%d, want none saved", n)
	}
	zh := e.login(e.A.Emails[auth.Admin])
	zh.post("/locale", url.Values{"lang": {"zh-CN"}})
	f := calendarForm(e.A.StoreID)
	f.Set("week[1]", "08:30-14:00, 13:30-18:00")
	if res := zh.post("/admin/calendars", f); !strings.Contains(res.Body, "两段营业时间重叠") || !strings.Contains(res.Body, `value="08:30-14:00, 13:30-18:00"`) {
		t.Errorf("zh-CN: Status=%d, want the overlap in Chinese and the times as typed", res.Code)
	}
}

// TestCalendar_Import: the example schedule goes into every store of the group at once; its
// 调休 Sunday opens with the store's weekday hours and its holidays close.
func TestCalendar_Import(t *testing.T) {
	e := newScopedEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	res := c.uploadTo("/admin/calendars/import", map[string]string{"store_id": "0", "year": "2026"}, "holidays-cn-2026-example.csv",
		exampleFile(t, "holidays-cn-2026-example.csv"))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	loc := tenancy.Location(tenancy.DefaultTimeZone)
	for _, g := range []group{e.A, e.A2} {
		cal := currentCalendar(t, e, g.TenantID, g.StoreID)
		if !cal.Open(time.Date(2026, 9, 20, 9, 0, 0, 0, loc)) || cal.Open(time.Date(2026, 10, 2, 9, 0, 0, 0, loc)) ||
			cal.Days["2026-10-02"].Note != "国庆节" {
			t.Errorf("store %s: 2026-09-20 %v, 2026-10-02 %v, want the 调休 Sunday open and 国庆节 closed",
				g.Prefix, cal.Days["2026-09-20"], cal.Days["2026-10-02"])
		}
	}
}

// TestCalendar_ImportInvalid: a file with anything wrong is refused whole, with the line named.
func TestCalendar_ImportInvalid(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	store := fmt.Sprint(e.A.StoreID)
	tests := []struct {
		name, year, file, message string
	}{
		{"bad date", "2027", "date,type\n2027-01-01,holiday\n2027-02-30,holiday\n", "Line 3: “2027-02-30” is not a date"},
		{"year mismatch", "2027", "date,type\n2027-01-01,holiday\n2026-12-31,holiday\n", "Line 3: 2026-12-31 is not in 2027"},
		{"duplicate", "2027", "date,type\n2027-01-01,holiday\n2027-01-01,holiday\n", "is already on line 2"},
		{"bad type", "2027", "date,type\n2027-01-01,off\n", "neither holiday"},
		{"no file", "2027", "", "Choose the schedule file"},
		{"bad year", "27", "date,type\n2027-01-01,holiday\n", "Enter a year from 2000 to 2100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "holidays.csv"
			if tt.file == "" {
				name = ""
			}
			res := c.uploadTo("/admin/calendars/import", map[string]string{"store_id": store, "year": tt.year}, name, []byte(tt.file))
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.message) {
				t.Errorf("Status=%d, want 422 with %q; body %.300s", res.Code, tt.message, between(res.Body, `data-testid="schedule-import"`, "</form>"))
			}
		})
	}
	if n := calendarVersions(t, e, e.A.TenantID, e.A.StoreID); n != 0 {
		t.Errorf("versions=%d, want none saved", n)
	}
}

// TestCalendar_OtherGroup: another group's store is not found, to read, save or import into,
// and nothing of it changes.
func TestCalendar_OtherGroup(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.B.Emails[auth.Admin])
	if res := c.get(fmt.Sprintf("/admin/calendars?store=%d", e.A.StoreID)); res.Code != http.StatusNotFound {
		t.Errorf("page: Status=%d, want 404", res.Code)
	}
	if res := c.post("/admin/calendars", calendarForm(e.A.StoreID)); res.Code != http.StatusNotFound {
		t.Errorf("save: Status=%d, want 404", res.Code)
	}
	res := c.uploadTo("/admin/calendars/import", map[string]string{"store_id": fmt.Sprint(e.A.StoreID), "year": "2026"}, "h.csv",
		exampleFile(t, "holidays-cn-2026-example.csv"))
	if res.Code != http.StatusNotFound {
		t.Errorf("import: Status=%d, want 404", res.Code)
	}
	if n := calendarVersions(t, e, e.A.TenantID, e.A.StoreID); n != 0 {
		t.Errorf("versions of A's store=%d, want none", n)
	}
}
