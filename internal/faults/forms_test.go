//go:build faults

package faults

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// form is a form of a page as the browser would send it: its action, the current value of each
// field (the checked radio, the selected option, a textarea's text), the choices of each radio
// question in page order, and the names of its textareas.
type form struct {
	Action  string
	Values  url.Values
	Choices map[string][]string
	Radios  []string
	Texts   []string
}

var (
	tagRe      = regexp.MustCompile(`(?s)<(input|textarea|select)\b([^>]*)>`)
	attrRe     = regexp.MustCompile(`([a-zA-Z_:-]+)(?:="([^"]*)")?`)
	optionRe   = regexp.MustCompile(`<option\b([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)^([^<]*)</textarea>`)
)

// formOf fetches page with c and reads its form with data-testid testID.
func formOf(t testing.TB, c *http.Client, page, testID string) form {
	t.Helper()
	res := mustFetch(t, c, http.MethodGet, page, nil)
	f, err := parseForm(res.Body, testID)
	if res.Code != http.StatusOK || err != nil {
		t.Fatalf("GET %s: Status=%d, %v", page, res.Code, err)
	}
	return f
}

// parseForm reads the form with data-testid testID out of a page.
func parseForm(page, testID string) (form, error) {
	at := strings.Index(page, `data-testid="`+testID+`"`)
	start := strings.LastIndex(page[:max(at, 0)], "<form")
	if at < 0 || start < 0 {
		return form{}, fmt.Errorf("no form %q on the page", testID)
	}
	body := page[start:]
	if end := strings.Index(body, "</form>"); end >= 0 {
		body = body[:end]
	}
	f := form{Values: url.Values{}, Choices: map[string][]string{}}
	f.Action = attrs(body[:strings.IndexByte(body, '>')])["action"]
	for _, m := range tagRe.FindAllStringSubmatchIndex(body, -1) {
		f.field(body[m[2]:m[3]], attrs(body[m[4]:m[5]]), body[m[1]:])
	}
	return f, nil
}

// field reads one field of the form: tag with its attributes a, followed by rest of the page.
func (f *form) field(tag string, a map[string]string, rest string) {
	name, checked := a["name"], hasAttr(a, "checked")
	switch {
	case name == "":
	case tag == "textarea":
		f.Texts = append(f.Texts, name)
		if m := textareaRe.FindStringSubmatch(rest); m != nil {
			f.Values.Set(name, html.UnescapeString(m[1]))
		}
	case tag == "select":
		f.Values.Set(name, selected(rest[:strings.Index(rest, "</select>")]))
	case a["type"] == "radio":
		if len(f.Choices[name]) == 0 {
			f.Radios = append(f.Radios, name)
		}
		f.Choices[name] = append(f.Choices[name], a["value"])
		if checked {
			f.Values.Set(name, a["value"])
		}
	case a["type"] == "checkbox":
		if checked {
			f.Values.Set(name, a["value"])
		}
	case a["type"] != "file" && a["type"] != "submit":
		f.Values.Set(name, a["value"])
	}
}

// selected is the value of a select's selected option, else of its first.
func selected(options string) string {
	var first string
	for i, m := range optionRe.FindAllStringSubmatch(options, -1) {
		a := attrs(m[1])
		if i == 0 {
			first = a["value"]
		}
		if hasAttr(a, "selected") {
			return a["value"]
		}
	}
	return first
}

// attrs reads a tag's attributes, their values unescaped.
func attrs(tag string) map[string]string {
	a := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		a[m[1]] = html.UnescapeString(m[2])
	}
	return a
}

func hasAttr(a map[string]string, name string) bool {
	_, ok := a[name]
	return ok
}
