package server

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/web/views/status"
)

// maxFormBytes bounds a request body; forms are small.
const maxFormBytes = 1 << 20

type principalKey struct{}

// principal returns the logged-in user of the request, or nil.
func principal(r *http.Request) *auth.Principal {
	p, _ := r.Context().Value(principalKey{}).(*auth.Principal)
	return p
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		attrs := []any{
			"request_id", middleware.GetReqID(r.Context()), "method", r.Method, "path", r.URL.Path,
			"status", ww.Status(), "bytes", ww.BytesWritten(), "duration_ms", time.Since(start).Milliseconds(),
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.Group("http", attrs...))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", middleware.GetReqID(r.Context()), "panic", v)
				s.renderStatus(w, r, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets a Content-Security-Policy that allows no inline script, and the usual
// hardening headers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "+
			"img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses unsafe requests sent from another origin, with the friendly 403 page.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderStatus(w, s.withLocalizer(r, ""), http.StatusForbidden)
	}))
	return cop.Handler(next)
}

// limitBody bounds the request body: forms are small, file uploads (multipart forms, which only
// the upload handlers read) may be as large as an import file.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxFormBytes)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			limit = imports.MaxFileBytes + maxFormBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// loadSession puts the logged-in user, if any, and the localizer for their language into the
// request's context, with the scope of every store and department where the user holds a role:
// a visitor's scope holds no store at all. Only a session that is not valid (unknown, expired,
// its user deactivated) is forgotten; when the session cannot be checked, the database being
// briefly unavailable, the request is answered with that (fail), in the language of the
// browser, and the cookie is kept for when the database is back.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		locale := ""
		r = r.WithContext(postgres.WithScope(r.Context(), postgres.Scope{}))
		if c, err := r.Cookie(sessionCookie); err == nil {
			p, err := s.auth.Authenticate(r.Context(), c.Value)
			switch {
			case err == nil:
				ctx := context.WithValue(r.Context(), principalKey{}, p)
				r = r.WithContext(postgres.WithScope(ctx, mayFollow.scope(p)))
				locale = p.Locale
			case apperr.Is(err, apperr.Unauthorized):
				s.clearCookie(w, sessionCookie)
			default:
				s.fail(w, s.withLocalizer(r, ""), err)
				return
			}
		}
		next.ServeHTTP(w, s.withLocalizer(r, locale))
	})
}

// refuseUnstorable answers 422 to a request whose address holds a parameter value that the
// database cannot store (storable), such as ?q=%00, with the status page naming the parameter in
// the user's language. Handlers read the query themselves, and a search for such text would
// otherwise fail in the database with a 500. Posted forms are checked where they are decoded
// (textErrors), so that they come back with the message at their field.
func (s *Server) refuseUnstorable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad := slices.Sorted(maps.Keys(textErrors(r.URL.Query())))
		if len(bad) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		// The name is shown as well as it can be: it may hold the same characters.
		name := strings.ToValidUTF8(strings.ReplaceAll(bad[0], "\x00", "\uFFFD"), "\uFFFD")
		sh := s.shell(w, r, "status.422.title")
		sh.Flash, sh.FlashKind = i18n.T(r.Context(), "validation.param_invalid", "Name", name), "error"
		s.render(w, r, http.StatusUnprocessableEntity, status.Page(sh, http.StatusUnprocessableEntity, ""))
	})
}

// forgetKept voids what is kept of the group in memory as soon as a request of a logged-in
// person that may change it answers, which is after it has committed: the page the user goes to
// next shows the change, whether or not the database's notice of it has arrived yet.
func (s *Server) forgetKept(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || principal(r) == nil {
			next.ServeHTTP(w, r)
			return
		}
		tenantID := principal(r).TenantID
		next.ServeHTTP(&answerHook{ResponseWriter: w, before: func() { s.changes.Changed(tenantID, 0) }}, r)
	})
}

// answerHook runs before once, just before the answer's header is written.
type answerHook struct {
	http.ResponseWriter
	before func()
}

func (h *answerHook) WriteHeader(code int) {
	h.run()
	h.ResponseWriter.WriteHeader(code)
}

func (h *answerHook) Write(b []byte) (int, error) {
	h.run()
	return h.ResponseWriter.Write(b)
}

func (h *answerHook) run() {
	if h.before != nil {
		h.before()
		h.before = nil
	}
}

// Unwrap gives http.ResponseController the writer underneath.
func (h *answerHook) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// withLocalizer picks the language: the user's own, else the language cookie, else the
// browser's Accept-Language.
func (s *Server) withLocalizer(r *http.Request, locale string) *http.Request {
	if locale == "" {
		if c, err := r.Cookie(langCookie); err == nil {
			locale = c.Value
		}
	}
	if locale == "" {
		locale = s.i18n.Match(r.Header.Get("Accept-Language"))
	}
	return r.WithContext(i18n.With(r.Context(), s.i18n.Localizer(locale)))
}

// requireLogin sends logged-out requests to the login page.
func requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if principal(r) == nil {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}
