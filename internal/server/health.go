package server

import (
	"context"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/csidesk/csidesk/web/static"
)

// handleHealth serves GET /healthz: the process is up.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// handleReady serves GET /readyz: the database answers.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Pool.Ping(ctx); err != nil {
		s.log.Warn("readiness: database unreachable", "err", err)
		retryLater(w.Header(), http.StatusServiceUnavailable)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}

var staticFiles = http.StripPrefix("/static/", http.FileServerFS(static.FS))

// handleStatic serves GET /static/*: the stylesheet, script, icon and example files embedded in
// the binary. A folder is not listed: it is not found.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if info, err := fs.Stat(static.FS, name); err != nil || info.IsDir() {
		s.handleNotFound(w, s.withLocalizer(r, ""))
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if ct, ok := staticTypes[name]; ok {
		w.Header().Set("Content-Type", ct)
	}
	staticFiles.ServeHTTP(w, r)
}

// staticTypes are the types of the static files whose name does not tell them: the example
// import file in GBK, which would otherwise be served, and opened, as UTF-8.
var staticTypes = map[string]string{"examples/service-orders-gbk.csv": "text/csv; charset=GB18030"}
