package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/layout"
	"github.com/csidesk/csidesk/web/views/status"
)

const (
	sessionCookie = "csidesk_session"
	langCookie    = "csidesk_lang"
	flashCookie   = "csidesk_flash"
)

// pages are the buffers pages render into, reused.
var pages = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a page with a status code: rendered whole first, so that it leaves in one write
// with its length, and a page that fails to render is a 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, c templ.Component) {
	buf := pages.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); pages.Put(buf) }()
	if err := c.Render(r.Context(), buf); err != nil {
		s.log.Error("render", "request_id", middleware.GetReqID(r.Context()), "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	retryLater(w.Header(), code)
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// shell gathers what the page frame shows: title, language, user, navigation, the count of
// unread notifications and the flash message, which it consumes.
func (s *Server) shell(w http.ResponseWriter, r *http.Request, titleKey string) layout.Shell {
	l := i18n.From(r.Context())
	if l == nil {
		l = s.i18n.Localizer("")
	}
	sh := layout.Shell{Title: l.T(titleKey), Lang: l.Lang, Path: r.URL.RequestURI()}
	if p := principal(r); p != nil {
		sh.UserName = p.Name
		sh.Nav = navFor(p, r.URL.Path)
		sh.Unread = p.Unread
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		kind, key, _ := strings.Cut(c.Value, ":")
		if strings.HasPrefix(key, "flash.") || strings.HasPrefix(key, "error.") {
			sh.Flash, sh.FlashKind = l.T(key), kind
		}
		s.clearCookie(w, flashCookie)
	}
	return sh
}

// flash sets a one-time message shown on the next page; kind is "ok" or "error".
func (s *Server) flash(w http.ResponseWriter, kind, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: kind + ":" + key, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies, MaxAge: 60})
}

// redirect flashes a message and redirects with 303 See Other.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	if flashKey != "" {
		s.flash(w, "ok", flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
}

// renderStatus renders the friendly error page for code. The page of a 503 offers to try
// again: the same page for a read, the page the form was on for a post.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int) {
	retry := ""
	if code == http.StatusServiceUnavailable {
		retry = r.URL.RequestURI()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			retry = backTo(r)
		}
	}
	s.render(w, r, code, status.Page(s.shell(w, r, fmt.Sprintf("status.%d.title", code)), code, retry))
}

// fail answers a request whose action failed with the page for its status (statusOf): not
// logged in goes to the login page, a conflict goes back with its message, and the rest see
// the page of their status; triage logs what needs it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	err = s.triage(r, err)
	switch code := apperr.CodeOf(err); code {
	case apperr.Unauthorized:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	case apperr.Conflict:
		e, _ := apperr.As(err)
		s.flash(w, "error", e.Key)
		http.Redirect(w, r, backTo(r), http.StatusSeeOther)
	default:
		s.renderStatus(w, r, statusOf(code))
	}
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, http.StatusNotFound)
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, http.StatusMethodNotAllowed)
}
