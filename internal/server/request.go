package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
)

// What handlers read from a request besides its form: ids in the path and where to go back to.

// pathID reads a numeric route parameter; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "error.not_found")
	}
	return id, nil
}

// backTo is the same-origin page the request came from, or the home page.
func backTo(r *http.Request) string {
	if u, err := url.Parse(r.Referer()); err == nil && u.Host == r.Host && u.Path != "" {
		return u.RequestURI()
	}
	return "/"
}

// localPath accepts only a path on this site as a redirect target.
func localPath(p string) string {
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") {
		return p
	}
	return "/"
}

// storable reports whether PostgreSQL can store s as text. It refuses the NUL character and bytes
// that are not UTF-8 (SQLSTATE 22021), so such text is refused where it comes in, naming its
// field, rather than failing the statement that would save it.
func storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
