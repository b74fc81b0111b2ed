package server

import (
	"bytes"
	"net/http"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/i18n"
)

// keptHTML is a page's body as rendered, and until when it holds with nothing changed (zero:
// with no end).
type keptHTML struct {
	html  []byte
	until time.Time
}

// keptBodies bounds the bodies each memo keeps rendered: at most some 50 KB each.
const keptBodies = 1024

// keptBody is a page's body, rendered from what read returns and kept in m under key until a
// change to the group or to one of storeIDs, in m's areas, is heard, or the time read gave
// passes. The read begins after the rendering's stamp, so that what is kept is never older than
// what it shows. With no memo it is rendered afresh.
func (s *Server) keptBody(r *http.Request, m *changes.Memo[keptHTML], key string, storeIDs []int64,
	read func() (templ.Component, time.Time, error)) (templ.Component, error) {
	render := func() (keptHTML, error) {
		c, until, err := read()
		if err != nil {
			return keptHTML{}, err
		}
		var buf bytes.Buffer
		err = c.Render(r.Context(), &buf)
		return keptHTML{html: buf.Bytes(), until: until}, err
	}
	var k keptHTML
	var err error
	if m == nil {
		k, err = render()
	} else {
		k, err = m.GetWhile(key, principal(r).TenantID, storeIDs, func(k keptHTML) bool {
			return k.until.IsZero() || s.now().Before(k.until)
		}, render)
	}
	return templ.Raw(string(k.html)), err
}

// lang is the language a request's page is written in.
func lang(r *http.Request) string {
	if l := i18n.From(r.Context()); l != nil {
		return l.Lang
	}
	return ""
}
