package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/notify"
)

// notificationsShown is how many of the latest notifications the page lists.
const notificationsShown = 100

// registerNotificationRoutes adds the user's own notifications, open to every logged-in user.
func (s *Server) registerNotificationRoutes(r chi.Router) {
	r.Get("/notifications", s.handleNotifications)
	r.Post("/notifications/read", s.handleNotificationsRead)
}

// handleNotifications serves GET /notifications: the user's latest notifications, newest first.
func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	items, err := s.inbox.List(r.Context(), p.TenantID, p.UserID, notificationsShown)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.List(s.shell(w, r, "notifications.title"), items,
		tenancy.Location(tenancy.DefaultTimeZone)))
}

// handleNotificationsRead serves POST /notifications/read: marks all the user's notifications read.
func (s *Server) handleNotificationsRead(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if err := s.inbox.MarkAllRead(r.Context(), p.TenantID, p.UserID, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/notifications", "flash.notifications_read")
}
