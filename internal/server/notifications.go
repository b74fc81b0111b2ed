package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/notify"
)

// notificationsPageSize is how many notifications a page lists.
const notificationsPageSize = 20

// registerNotificationRoutes adds the user's own notifications, open to every logged-in user.
func (s *Server) registerNotificationRoutes(r chi.Router) {
	r.Get("/notifications", s.handleNotifications)
	r.Post("/notifications/read", s.handleNotificationsRead)
}

// handleNotifications serves GET /notifications?after=: a page of the user's notifications, the
// unread ones first, each part newest first.
func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	after := notify.ParseCursor(r.URL.Query().Get("after"))
	page, err := s.inbox.Page(r.Context(), p.TenantID, p.UserID, after, notificationsPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.List(s.shell(w, r, "notifications.title"),
		views.ListPage{Page: page, After: after, Loc: tenancy.Location(tenancy.DefaultTimeZone)}))
}

// handleNotificationsRead serves POST /notifications/read: marks the user's notifications read
// up to up_to, the newest unread one the page showed (none: all of them).
func (s *Server) handleNotificationsRead(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	upTo, _ := strconv.ParseInt(r.PostFormValue("up_to"), 10, 64)
	if err := s.inbox.MarkAllRead(r.Context(), p.TenantID, p.UserID, upTo, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/notifications", "flash.notifications_read")
}
