package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/web/views/admin"
	"github.com/csidesk/csidesk/web/views/components"
)

// comingDays is how many days ahead the calendar page lists, to check holidays and 调休 by.
const comingDays = 14

func (s *Server) registerCalendarRoutes(r chi.Router) {
	r.Get("/admin/calendars", s.handleCalendar)
	r.Post("/admin/calendars", s.handleCalendarSave)
	r.Post("/admin/calendars/import", s.handleCalendarImport)
}

// handleCalendar serves GET /admin/calendars?store=: a store's business calendar.
func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) {
	storeID, _ := strconv.ParseInt(r.URL.Query().Get("store"), 10, 64)
	p, err := s.calendarPage(r, storeID, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, admin.Calendar(s.shell(w, r, "calendars.title"), p))
}

// calendarPage reads the store's current calendar (the store asked for, else the first held),
// with its form filled from it when fill is set.
func (s *Server) calendarPage(r *http.Request, storeID int64, fill bool) (admin.CalendarPage, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	p := admin.CalendarPage{Import: admin.ImportForm{Year: s.now().Year() + 1}}
	stores, err := s.tenancy.Stores(ctx, tenantID)
	if err != nil || len(stores) == 0 {
		return p, err
	}
	p.Stores = stores
	if p.StoreID, err = chooseStore(stores, storeID, false); err != nil {
		return p, err
	}
	p.Import.StoreID = p.StoreID
	var c calendar.Calendar
	err = s.db.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var id int64
		c, id, err = calendar.Current(ctx, tx, tenantID, p.StoreID)
		p.Saved = id != 0
		return err
	})
	if err != nil {
		return p, err
	}
	p.Coming = coming(c, s.now())
	if fill {
		p.Form = calendarForm(c)
	}
	p.Form.StoreID = p.StoreID
	return p, nil
}

// coming lists the next days from now as c has them.
func coming(c calendar.Calendar, now time.Time) []admin.ComingDay {
	y, m, d := now.In(c.Zone).Date()
	out := make([]admin.ComingDay, comingDays)
	for i := range out {
		date := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC)
		day, special := c.Days[date.Format(calendar.DateLayout)]
		out[i] = admin.ComingDay{Date: date, Hours: c.Hours(date), Special: special, Note: day.Note}
	}
	return out
}

// handleCalendarSave serves POST /admin/calendars: a new version of a store's calendar, for
// the deadlines set from now on.
func (s *Server) handleCalendarSave(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	var f admin.CalendarForm
	errs, ok := s.submit(w, r, &f, func() error {
		edit, err := calendarEdit(f)
		if err != nil {
			return err
		}
		return s.db.InTenantTx(ctx, p.TenantID, func(tx pgx.Tx) error {
			c, _, err := calendar.Current(ctx, tx, p.TenantID, f.StoreID)
			if err != nil {
				return err
			}
			_, err = calendar.Save(ctx, tx, p.TenantID, f.StoreID, p.UserID, edit.Calendar(c.Zone))
			return err
		})
	})
	switch {
	case !ok:
	case errs != nil:
		page, err := s.calendarPage(r, f.StoreID, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.Form, page.Errs = f, errs
		s.render(w, r, http.StatusUnprocessableEntity, admin.Calendar(s.shell(w, r, "calendars.title"), page))
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/calendars?store=%d", f.StoreID), "flash.calendar_saved")
	}
}

// handleCalendarImport serves POST /admin/calendars/import: a national holiday schedule for a
// year, from an uploaded file, set in one store's calendar or in every store held, all in one
// transaction. A file with anything wrong in it changes nothing.
func (s *Server) handleCalendarImport(w http.ResponseWriter, r *http.Request) {
	up, err := readUpload(r)
	if err != nil && fieldErrors(err) == nil {
		s.fail(w, r, err)
		return
	}
	form := admin.ImportForm{StoreID: up.StoreID}
	form.Year, _ = strconv.Atoi(r.FormValue("year"))
	if err == nil {
		err = s.importSchedule(r, form, up.FileName, up.Content)
	}
	e, _ := apperr.As(err)
	switch {
	case err == nil:
		s.redirect(w, r, fmt.Sprintf("/admin/calendars?store=%d", up.StoreID), "flash.calendar_imported")
	case fieldErrors(err) != nil || e != nil && e.Code == apperr.Invalid:
		page, perr := s.calendarPage(r, up.StoreID, true)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		page.Import, page.ImportErrs = form, fieldErrors(err)
		if page.ImportErrs == nil {
			page.FileErr = e
		}
		s.render(w, r, http.StatusUnprocessableEntity, admin.Calendar(s.shell(w, r, "calendars.title"), page))
	default:
		s.fail(w, r, err)
	}
}

// importSchedule reads the file and sets its dates in the chosen stores' calendars.
func (s *Server) importSchedule(r *http.Request, form admin.ImportForm, name string, content []byte) error {
	ctx, p := r.Context(), principal(r)
	if form.Year < 2000 || form.Year > 2100 {
		return apperr.Fields(map[string]string{"year": "calendars.error.year"})
	}
	if len(content) == 0 {
		return apperr.Fields(map[string]string{"file": "calendars.error.file_required"})
	}
	t, err := tabular.Open(name, bytes.NewReader(content), int64(len(content)), tabular.Auto)
	if err != nil {
		return err
	}
	defer t.Close()
	entries, err := calendar.ReadSchedule(t, form.Year)
	if err != nil {
		return err
	}
	stores, err := s.scheduleStores(r, form.StoreID)
	if err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, p.TenantID, func(tx pgx.Tx) error {
		return calendar.ApplySchedule(ctx, tx, p.TenantID, stores, p.UserID, entries)
	})
}

// scheduleStores is the store chosen for an import, or every store held for 0.
func (s *Server) scheduleStores(r *http.Request, storeID int64) ([]int64, error) {
	if storeID != 0 {
		return []int64{storeID}, nil
	}
	stores, err := s.tenancy.Stores(r.Context(), principal(r).TenantID)
	ids := make([]int64, len(stores))
	for i, st := range stores {
		ids[i] = st.ID
	}
	return ids, err
}

// calendarForm fills the form from a calendar, with blank rows for new dates.
func calendarForm(c calendar.Calendar) admin.CalendarForm {
	e := calendar.EditOf(c)
	f := admin.CalendarForm{AlwaysOpen: e.AlwaysOpen}
	for d, hours := range e.Week {
		f.Week[d] = calendar.HoursText(hours)
	}
	for _, en := range e.Entries {
		kind := ""
		if !en.Closed {
			kind = "open"
		}
		f.Days = append(f.Days, admin.DayRow{Date: en.Date, Kind: kind, Hours: calendar.HoursText(en.Hours), Note: en.Note})
	}
	f.Days = append(f.Days, make([]admin.DayRow, admin.BlankDayRows)...)
	return f
}

// calendarEdit reads the posted calendar: every time that is not one, and every rule the
// calendar breaks (calendar.Edit.Validate), is an error at its row. Rows without a date are
// left out: clearing a date removes it.
func calendarEdit(f admin.CalendarForm) (calendar.Edit, error) {
	errs := components.Errors{}
	e := calendar.Edit{AlwaysOpen: f.AlwaysOpen}
	for d, h := range f.Week {
		e.Week[d] = ranges(h, errs, fmt.Sprintf("week.%d", d))
	}
	var rows []int // the form's row of each entry
	for i, row := range f.Days {
		if row.Date == "" {
			continue
		}
		e.Entries = append(e.Entries, calendar.Entry{Date: row.Date,
			Day: calendar.Day{Closed: row.Kind != "open", Hours: ranges(row.Hours, errs, fmt.Sprintf("days.%d", i)), Note: row.Note}})
		rows = append(rows, i)
	}
	if v, ok := apperr.As(e.Validate()); ok {
		for key, msg := range v.Fields {
			var n int
			if _, err := fmt.Sscanf(key, "days.%d", &n); err == nil {
				key = fmt.Sprintf("days.%d", rows[n])
			}
			markOnce(errs, key, msg)
		}
	}
	if len(errs) > 0 {
		return e, apperr.Fields(errs)
	}
	return e, nil
}

// ranges reads a row's typed openings; text that is not openings marks the row key in errs.
func ranges(text string, errs components.Errors, key string) []calendar.Range {
	hours, ok := calendar.ParseHours(text)
	if !ok {
		markOnce(errs, key, "calendars.error.time")
	}
	return hours
}
