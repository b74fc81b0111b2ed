package server

import (
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/account"
)

func (s *Server) registerAuthRoutes(r chi.Router) {
	r.Get("/login", s.handleLoginPage)
	r.Post("/login", s.handleLogin)
	r.Post("/logout", s.handleLogout)
	r.Post("/locale", s.handleLocale)
}

type loginForm struct {
	Email    string `form:"email" validate:"required,max=254"`
	Password string `form:"password" validate:"required,max=128"`
}

// handleLoginPage serves GET /login; a logged-in user goes home.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if principal(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	view := account.LoginForm{Next: nextPage(r)}
	s.render(w, r, http.StatusOK, account.Login(s.shell(w, r, "login.title"), view))
}

// handleLogin serves POST /login: a new session on success, the same message for an unknown
// e-mail and a wrong password, 429 while throttled.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var f loginForm
	errs, err := s.decode(r, &f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view := account.LoginForm{Email: f.Email, Errors: errs, Next: nextPage(r)}
	if errs != nil {
		s.render(w, r, http.StatusUnprocessableEntity, account.Login(s.shell(w, r, "login.title"), view))
		return
	}
	old := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		old = c.Value
	}
	cookie, err := s.auth.Login(r.Context(), f.Email, f.Password, s.clientAddr(r), old)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || (e.Code != apperr.Unauthorized && e.Code != apperr.TooMany) {
			s.fail(w, r, err)
			return
		}
		view.ErrorKey = e.Key
		s.render(w, r, statusOf(e.Code), account.Login(s.shell(w, r, "login.title"), view))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: cookie, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies, MaxAge: int(s.cfg.SessionMax / time.Second)})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// nextPage is the page of this site a login asked for on the way goes to afterwards, or "".
func nextPage(r *http.Request) string {
	if r.URL.Query().Get("next") == "" {
		return ""
	}
	return localPath(r.URL.Query().Get("next"))
}

// handleLogout serves POST /logout: the session is destroyed.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.auth.Logout(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/login", "flash.logged_out")
}

// handleLocale serves POST /locale: switches the interface language, saved on the user when
// logged in and in a cookie for the login page.
func (s *Server) handleLocale(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !slices.Contains(i18n.Languages, lang) {
		s.renderStatus(w, r, http.StatusBadRequest)
		return
	}
	if p := principal(r); p != nil {
		if err := s.auth.SetLocale(r.Context(), p.TenantID, p.UserID, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies, MaxAge: 365 * 24 * 3600})
	http.Redirect(w, r, localPath(r.PostFormValue("return")), http.StatusSeeOther)
}

// clientAddr is the client's IP address, for throttling; the port is dropped. A request from
// one of the trusted proxies (TRUSTED_PROXIES) names its client in X-Forwarded-For: the client
// is the last address there that is not itself a trusted proxy, since each proxy appends the
// address it was reached from and anything before that the client may have written itself.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(addr) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if addr = hop.Unmap(); !s.trusted(addr) {
			break
		}
	}
	return addr.String()
}

// trusted reports whether addr is one of the trusted proxies.
func (s *Server) trusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	return slices.ContainsFunc(s.cfg.TrustedProxies, func(p netip.Prefix) bool { return p.Contains(addr) })
}
