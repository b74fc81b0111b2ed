package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/web/views/admin"
	"github.com/csidesk/csidesk/web/views/components"
)

func (s *Server) registerAPIKeyRoutes(r chi.Router) {
	r.Get("/admin/api-keys", s.handleAPIKeyList)
	r.Post("/admin/api-keys", s.handleAPIKeyCreate)
	r.Post("/admin/api-keys/{keyID}/revoke", s.handleAPIKeyRevoke)
}

type apiKeyForm struct {
	StoreID int64  `form:"store_id"`
	Name    string `form:"name"`
}

// handleAPIKeyList serves GET /admin/api-keys: the keys and the form for a new one.
func (s *Server) handleAPIKeyList(w http.ResponseWriter, r *http.Request) {
	s.renderAPIKeys(w, r, http.StatusOK, apiKeyForm{}, nil)
}

func (s *Server) renderAPIKeys(w http.ResponseWriter, r *http.Request, code int, f apiKeyForm, errs components.Errors) {
	tenantID := principal(r).TenantID
	keys, err := s.apiKeys.List(r.Context(), tenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stores, err := s.tenancy.Stores(r.Context(), tenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := admin.APIKeysPage{Keys: keys, Stores: stores, StoreID: f.StoreID, Name: f.Name, Errors: errs}
	s.render(w, r, code, admin.APIKeys(s.shell(w, r, "apikeys.title"), v))
}

// handleAPIKeyCreate serves POST /admin/api-keys and shows the new key's secret, this once: the
// page is not cached and the secret is kept only as a hash.
func (s *Server) handleAPIKeyCreate(w http.ResponseWriter, r *http.Request) {
	var f apiKeyForm
	var k apikeys.Key
	var secret string
	p := principal(r)
	errs, ok := s.submit(w, r, &f, func() (err error) {
		k, secret, err = s.apiKeys.Create(r.Context(), p.TenantID, f.StoreID, f.Name, p.UserID)
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderAPIKeys(w, r, http.StatusUnprocessableEntity, f, errs)
	default:
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusOK, admin.APIKeyCreated(s.shell(w, r, "apikeys.created_title"), k, secret, s.siteURL(r)))
	}
}

// siteURL is the address the request reached the site at, for examples to copy.
func (s *Server) siteURL(r *http.Request) string {
	if r.TLS != nil || s.cfg.SecureCookies {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// handleAPIKeyRevoke serves POST /admin/api-keys/{keyID}/revoke.
func (s *Server) handleAPIKeyRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "keyID")
	if err == nil {
		err = s.apiKeys.Revoke(r.Context(), principal(r).TenantID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/api-keys", "flash.api_key_revoked")
}
