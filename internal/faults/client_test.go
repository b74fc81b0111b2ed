//go:build faults

package faults

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// newClient is a client with its own cookie jar and connections, not logged in. It does not
// follow redirects, and sends the request's own origin as Origin on posts.
func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		Transport:     sameOrigin{http.DefaultTransport.(*http.Transport).Clone()},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// sameOrigin sends Origin on unsafe requests, as a browser does on a form post.
type sameOrigin struct{ next http.RoundTripper }

func (s sameOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("Origin") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Origin", r.URL.Scheme+"://"+r.URL.Host)
	}
	return s.next.RoundTrip(r)
}

// login is a client logged in at the server at base as email.
func login(t testing.TB, base, email, password string) *http.Client {
	t.Helper()
	c := newClient()
	res, err := postLogin(c, base, email, password)
	if err != nil || res.Code != http.StatusSeeOther || strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("login %s: Status=%d Location=%q err=%v, want 303 into the app", email, res.Code, res.Header.Get("Location"), err)
	}
	return c
}

// postLogin posts the login form; header holds further header pairs.
func postLogin(c *http.Client, base, email, password string, header ...string) (response, error) {
	return fetch(c, http.MethodPost, base+"/login", url.Values{"email": {email}, "password": {password}}, header...)
}

// response is an answer read whole.
type response struct {
	Code   int
	Header http.Header
	Body   string
}

// cookie is the cookie of that name the answer sets, if any.
func (r response) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// fetch sends one request, with form as its body when not nil and header as pairs of name and
// value, and reads the whole answer.
func fetch(c *http.Client, method, target string, form url.Values, header ...string) (response, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return response{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(c, req)
}

func do(c *http.Client, req *http.Request) (response, error) {
	res, err := c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		err = &url.Error{Op: "read", URL: req.URL.String(), Err: err} // the answer was cut off
	}
	return response{Code: res.StatusCode, Header: res.Header, Body: string(b)}, err
}

// mustFetch is fetch that fails the test when the request gets no answer.
func mustFetch(t testing.TB, c *http.Client, method, target string, form url.Values, header ...string) response {
	t.Helper()
	res, err := fetch(c, method, target, form, header...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return res
}
