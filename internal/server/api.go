package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
)

// maxAPIBytes bounds the body of an API request.
const maxAPIBytes = 5 << 20

// maxAPIRecords bounds the records of one API request.
const maxAPIRecords = 1000

// openAPIDoc describes the DMS API; a test keeps its record schemas in step with orders.Fields.
//
//go:embed openapi.json
var openAPIDoc []byte

// registerAPIRoutes mounts the DMS API. It authenticates by API key rather than session, so it
// sits outside the session and cross-origin middleware, and answers every error as problem JSON.
func (s *Server) registerAPIRoutes(r chi.Router) {
	r.Route("/api/v1", func(api chi.Router) {
		api.NotFound(func(w http.ResponseWriter, r *http.Request) {
			s.apiFail(w, r, s.apiLocalizer(w, r), &problemError{problem: problemNotFound})
		})
		api.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allowedMethods(api, r))
			s.apiFail(w, r, s.apiLocalizer(w, r), &problemError{problem: problemMethod})
		})
		api.Get("/openapi.json", s.handleOpenAPI)
		api.Post("/deliveries", s.handleAPIPush(orders.Deliveries))
		api.Post("/service-orders", s.handleAPIPush(orders.ServiceOrders))
	})
}

// allowedMethods lists the methods routes has for the request's path, for the Allow header.
func allowedMethods(routes chi.Routes, r *http.Request) string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if routes.Match(chi.NewRouteContext(), m, chi.RouteContext(r.Context()).RoutePath) {
			allow = append(allow, m)
		}
	}
	return strings.Join(allow, ", ")
}

// handleOpenAPI serves GET /api/v1/openapi.json: the OpenAPI 3.1 description of the API.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDoc)
}

// pushResult is the answer to an accepted batch: what the load did.
type pushResult struct {
	Received     int64 `json:"received"`
	Created      int64 `json:"created"`
	Updated      int64 `json:"updated"`
	Unchanged    int64 `json:"unchanged"`
	NewCustomers int64 `json:"new_customers"`
	NewVehicles  int64 `json:"new_vehicles"`
}

// handleAPIPush serves POST /api/v1/deliveries and POST /api/v1/service-orders: a batch of
// records for the store of the request's API key, saved together, or not at all when any
// record is invalid. Orders are matched by their number in the store, so a batch sent twice
// changes nothing the second time.
func (s *Server) handleAPIPush(k orders.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := s.apiLocalizer(w, r)
		c, recs, err := s.readPush(w, r, k)
		if err != nil {
			s.apiFail(w, r, l, err)
			return
		}
		inStore := postgres.WithScope(r.Context(), postgres.StoreScope(c.StoreID))
		n, err := s.orders.Load(inStore, c.TenantID, c.StoreID, k, "api", recs, false)
		if err != nil {
			s.apiFail(w, r, l, err)
			return
		}
		if n.Created+n.Updated > 0 {
			s.generateTasks(r.Context(), c.TenantID)
		}
		writeJSON(w, "application/json", http.StatusOK, pushResult{Received: n.Rows, Created: n.Created,
			Updated: n.Updated, Unchanged: n.Unchanged, NewCustomers: n.NewCustomers, NewVehicles: n.NewVehicles})
	}
}

// readPush authenticates a push, reads its body and parses its records in the time zone of
// the key's store.
func (s *Server) readPush(w http.ResponseWriter, r *http.Request, k orders.Kind) (apikeys.Caller, []orders.Record, error) {
	c, err := s.apiCaller(r)
	if err != nil {
		return c, nil, err
	}
	raw, err := readRecords(w, r)
	if err != nil {
		return c, nil, err
	}
	st, err := s.tenancy.Store(r.Context(), c.TenantID, c.StoreID)
	if err != nil {
		return c, nil, err
	}
	loc, err := time.LoadLocation(st.TimeZone)
	if err != nil {
		return c, nil, err
	}
	recs, err := parseRecords(k, raw, loc, orders.Today(s.now(), loc))
	return c, recs, err
}

// apiCaller authenticates the request's bearer key.
func (s *Server) apiCaller(r *http.Request) (apikeys.Caller, error) {
	scheme, secret, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return apikeys.Caller{}, &problemError{problem: problemUnauthorized}
	}
	return s.apiKeys.Authenticate(r.Context(), strings.TrimSpace(secret))
}

// pushBody is the body of a push.
type pushBody struct {
	Records []map[string]json.RawMessage `json:"records"`
}

// readRecords reads the records of a push's JSON body.
func readRecords(w http.ResponseWriter, r *http.Request) ([]map[string]json.RawMessage, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, &problemError{problem: problemMediaType}
	}
	var body pushBody
	if err := decodeBody(w, r, &body); err != nil {
		return nil, err
	}
	switch {
	case len(body.Records) == 0:
		return nil, &problemError{problem: problemShape, args: []any{"Max", maxAPIRecords}}
	case len(body.Records) > maxAPIRecords:
		return nil, &problemError{problem: problemTooMany, args: []any{"Max", maxAPIRecords, "Count", len(body.Records)}}
	}
	return body.Records, nil
}

// errTrailingData is JSON text after the body's object.
var errTrailingData = errors.New("data after the JSON object")

// decodeBody reads one JSON object of at most maxAPIBytes into dst, which must have a field for
// each of its properties.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAPIBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &problemError{problem: problemTooLarge, args: []any{"Limit", fmt.Sprintf("%d MiB", maxAPIBytes>>20)}}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err == nil {
		err = dec.Decode(dst)
	}
	end := dec.InputOffset()
	if err == nil {
		_, err = dec.Token()
		if err == io.EOF {
			return nil
		}
		if err == nil {
			err = errTrailingData
		}
	}
	var wrongType *json.UnmarshalTypeError
	if errors.As(err, &wrongType) || strings.HasPrefix(err.Error(), "json: unknown field") {
		return &problemError{problem: problemShape, args: []any{"Max", maxAPIRecords}}
	}
	return &problemError{problem: problemMalformed, args: []any{"Offset", breakOffset(err, len(body), end)}}
}

// breakOffset is where a body of size bytes stops being JSON: where the decoder found a
// character it did not expect, the end of a body that stops within the object, or end, where
// the object ended, for data after it. (The decoder's own offset stays at the start of a value
// it could not decode, which is 0 for the body's object.)
func breakOffset(err error, size int, end int64) int64 {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return syntax.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		return int64(size)
	default:
		return end
	}
}
