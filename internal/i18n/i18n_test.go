package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// statusCodes are the HTTP statuses that have an error page, whose keys are built with
// fmt.Sprintf("status.%d.title", code) and fmt.Sprintf("status.%d.text", code).
var statusCodes = []int{400, 403, 404, 405, 413, 422, 429, 500}

// catalog is one language's messages, merged from every NAME.LANG.json file.
type catalog map[string]string

// loadCatalogs reads the embedded catalog files, checking their names, that every value is a
// non-empty string and that no key is defined twice for one language. It returns the messages
// by language and the keys of each file by NAME and language.
func loadCatalogs(t *testing.T) (map[string]catalog, map[string]map[string][]string) {
	t.Helper()
	files, err := fs.Glob(catalogs, "locales/*.json")
	if err != nil {
		t.Fatalf("Glob err=%v, want nil", err)
	}
	if len(files) == 0 {
		t.Fatalf("catalog files=%v, want at least one", len(files))
	}
	byLang := map[string]catalog{}
	byName := map[string]map[string][]string{}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		name, lang, ok := strings.Cut(base, ".")
		if !ok || name == "" || !slices.Contains(Languages, lang) {
			t.Errorf("catalog file %v: name=%q lang=%q, want NAME.LANG.json with LANG in %v", f, name, lang, Languages)
			continue
		}
		data, err := fs.ReadFile(catalogs, f)
		if err != nil {
			t.Fatalf("read %v: %v", f, err)
		}
		var raw map[string]any
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Errorf("parse %v: %v", f, err)
			continue
		}
		if byLang[lang] == nil {
			byLang[lang] = catalog{}
		}
		if byName[name] == nil {
			byName[name] = map[string][]string{}
		}
		for k, v := range raw {
			s, isString := v.(string)
			switch {
			case !isString:
				t.Errorf("%v: %v is %T, want a string", f, k, v)
			case strings.TrimSpace(s) == "":
				t.Errorf("%v: %v is empty, want a message", f, k)
			}
			if _, dup := byLang[lang][k]; dup {
				t.Errorf("%v: %v is also defined in another %v catalog", f, k, lang)
			}
			byLang[lang][k] = s
			byName[name][lang] = append(byName[name][lang], k)
		}
	}
	return byLang, byName
}

func TestCatalogs_SameKeys(t *testing.T) {
	_, byName := loadCatalogs(t)
	for name, langs := range byName {
		t.Run(name, func(t *testing.T) {
			for _, lang := range Languages {
				if _, ok := langs[lang]; !ok {
					t.Fatalf("%v.%v.json missing, want one file per language", name, lang)
				}
			}
			want := langs[Languages[0]]
			sort.Strings(want)
			for _, lang := range Languages[1:] {
				got := langs[lang]
				sort.Strings(got)
				for _, k := range missing(want, got) {
					t.Errorf("%v.%v.json lacks %v, which %v.%v.json has", name, lang, k, name, Languages[0])
				}
				for _, k := range missing(got, want) {
					t.Errorf("%v.%v.json lacks %v, which %v.%v.json has", name, Languages[0], k, name, lang)
				}
			}
		})
	}
}

// templateFields matches the {{.Field}} references of a message.
var templateFields = regexp.MustCompile(`{{\s*\.([A-Za-z0-9_]+)\s*}}`)

func TestCatalogs_SameTemplateFields(t *testing.T) {
	byLang, _ := loadCatalogs(t)
	fields := func(s string) []string {
		var fs []string
		for _, m := range templateFields.FindAllStringSubmatch(s, -1) {
			fs = append(fs, m[1])
		}
		sort.Strings(fs)
		return slices.Compact(fs)
	}
	def := byLang[Languages[0]]
	for k, v := range def {
		want := fields(v)
		for _, lang := range Languages[1:] {
			other, ok := byLang[lang][k]
			if !ok {
				continue // reported by TestCatalogs_SameKeys
			}
			if got := fields(other); !slices.Equal(got, want) {
				t.Errorf("%v in %v: Fields=%v, want %v (as in %v)", k, lang, got, want, Languages[0])
			}
		}
	}
}

// missing returns the elements of want not in got.
func missing(want, got []string) []string {
	var m []string
	for _, k := range want {
		if !slices.Contains(got, k) {
			m = append(m, k)
		}
	}
	return m
}

// keyLiteral matches a string literal that looks like a message key.
var keyLiteral = regexp.MustCompile(`"((app|nav|login|home|account|field|hint|action|pager|locale|membership|role|department|status|error|validation|flash|stores|departments|users|customers|vehicles|orders|imports|api|apikeys|tabular|gender|contact_time|dnc|work_type|kind|source|contact_field|surveys|worklist|rules|reason|call|outcome|samples|scores|complaints|cstats|notice|notifications|calendars|benchmarks|improve|links|linksend|channel|via|language)\.[a-z0-9_.-]+)"`)

// moduleRoot walks up from the working directory to the directory holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("Getwd err=%v, want nil", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// sourceKeys returns the message-key literals of the module's hand-written .go and .templ
// files, each with the first file it occurs in.
func sourceKeys(t *testing.T) map[string]string {
	t.Helper()
	root := moduleRoot(t)
	keys := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		n := d.Name()
		if !strings.HasSuffix(n, ".templ") && !strings.HasSuffix(n, ".go") ||
			strings.HasSuffix(n, "_templ.go") || strings.HasSuffix(n, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, m := range keyLiteral.FindAllStringSubmatch(string(data), -1) {
			k := m[1]
			if strings.HasSuffix(k, ".") || strings.HasSuffix(k, "_") || strings.Contains(k, "%") {
				continue // a prefix of keys built in code, or a format string: checked below
			}
			if _, seen := keys[k]; !seen {
				keys[k] = rel
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %v: %v", root, err)
	}
	return keys
}

// dynamicKeys returns the keys the code builds at run time, with where each comes from.
func dynamicKeys() map[string]string {
	keys := map[string]string{}
	for _, r := range auth.Roles {
		keys["role."+string(r)] = "auth.Roles"
	}
	for _, k := range tenancy.DepartmentKinds {
		keys["department."+string(k)] = "tenancy.DepartmentKinds"
	}
	for _, l := range auth.Locales {
		keys["locale."+l] = "auth.Locales"
	}
	enums := map[string][]string{
		"gender.":            customers.Genders,
		"contact_time.":      customers.ContactTimes,
		"dnc.":               customers.DoNotContactReasons,
		"work_type.":         orders.WorkTypes,
		"source.":            {"user", "import", "api"},
		"contact_field.":     {"phone", "phone2", "contact_time", "consent", "dnc_reason"},
		"customers.consent_": {"true", "false"},
		"imports.status_":    imports.Statuses,
		"imports.running_":   {imports.Previewing, imports.Committing},
		"kind.":              {string(orders.Deliveries), string(orders.ServiceOrders)},
		"surveys.kind_":      strs(surveys.Kinds),
		"surveys.scale_":     strs(surveys.Scales),
		"surveys.element_":   strs(surveys.Elements),
		"surveys.section_":   strs(surveys.SectionKinds),
		"worklist.tab_":      strs(followups.Tabs),
		"worklist.kind_":     {"all", "csi", "ssi", "event", "call"},
		"reason.":            strs(followups.Reasons),
		"rules.help_":        strs(followups.Reasons),
		"outcome.":           strs(followups.Outcomes),
		"call.status_":       {"open", "linked", "completed", "unreachable", "expired", "cancelled"},
		"scores.staff_":      scores.StaffRoles,
		"scores.age_":        scores.AgeBands,
	}
	for prefix, codes := range enums {
		for _, c := range codes {
			keys[prefix+c] = prefix + " codes"
		}
	}
	for _, c := range statusCodes {
		keys[fmt.Sprintf("status.%d.title", c)] = "status page"
		keys[fmt.Sprintf("status.%d.text", c)] = "status page"
	}
	return keys
}

func TestCatalogs_SourceKeys(t *testing.T) {
	keys := sourceKeys(t)
	// Keys that are certainly in the source, from a view, a validator and the error type: if
	// the scan misses them it is broken and proves nothing.
	for _, k := range []string{"home.welcome", "validation.time_zone", "error.invalid", "login.failed", "field.email"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("source scan did not find %v, want it found", k)
		}
	}
	if len(keys) < 50 {
		t.Errorf("source keys=%v, want at least 50", len(keys))
	}
	byLang, _ := loadCatalogs(t)
	check := func(t *testing.T, keys map[string]string) {
		for _, lang := range Languages {
			for k, where := range keys {
				if _, ok := byLang[lang][k]; !ok {
					t.Errorf("%v (used in %v) missing from the %v catalog", k, where, lang)
				}
			}
		}
	}
	t.Run("literals", func(t *testing.T) { check(t, keys) })
	t.Run("dynamic", func(t *testing.T) { check(t, dynamicKeys()) })
}

func TestLanguages(t *testing.T) {
	if !slices.Equal(Languages, auth.Locales) {
		t.Errorf("Languages=%v, want %v (auth.Locales)", Languages, auth.Locales)
	}
	if Languages[0] != "zh-CN" {
		t.Errorf("Languages[0]=%v, want %v", Languages[0], "zh-CN")
	}
}

func newBundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := New()
	if err != nil {
		t.Fatalf("New err=%v, want nil", err)
	}
	return b
}

func TestBundle_Match(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		accept string
		want   string
	}{
		{"en-US,en;q=0.9", "en"},
		{"en", "en"},
		{"en-GB", "en"},
		{"zh-CN,zh;q=0.9", "zh-CN"},
		{"zh-CN", "zh-CN"},
		{"zh", "zh-CN"},
		{"zh-Hans", "zh-CN"},
		{"zh-TW", "zh-CN"},
		{"zh-HK", "zh-CN"},
		{"fr", "zh-CN"},
		{"fr-FR,fr;q=0.9,en;q=0.5", "en"},
		{"en;q=0.5,zh-CN;q=0.9", "zh-CN"},
		{"*", "zh-CN"},
		{"", "zh-CN"},
		{"not a header;;;q=x", "zh-CN"},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			if got := b.Match(tt.accept); got != tt.want {
				t.Errorf("Match=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestBundle_Localizer(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		lang string
		want string
	}{
		{"zh-CN", "zh-CN"},
		{"en", "en"},
		{"", "zh-CN"},
		{"fr", "zh-CN"},
		{"en-US", "zh-CN"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := b.Localizer(tt.lang).Lang; got != tt.want {
				t.Errorf("Lang=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestLocalizer_T(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		name string
		lang string
		id   string
		args []any
		want string
	}{
		{"welcome zh-CN", "zh-CN", "home.welcome", []any{"Name", "王芳"}, "欢迎，王芳"},
		{"welcome en", "en", "home.welcome", []any{"Name", "王芳"}, "Welcome, 王芳"},
		{"welcome unknown lang", "fr", "home.welcome", []any{"Name", "王芳"}, "欢迎，王芳"},
		{"welcome empty lang", "", "home.welcome", []any{"Name", "Li Lei"}, "欢迎，Li Lei"},
		{"no args", "en", "nav.home", nil, "Home"},
		{"no args zh-CN", "zh-CN", "nav.home", nil, "首页"},
		{"several args", "en", "pager.position", []any{"Page", 2, "Pages", 5, "Total", 93}, "Page 2 of 5 · 93 in all"},
		{"odd arg ignored", "en", "home.welcome", []any{"Name", "Li Lei", "Extra"}, "Welcome, Li Lei"},
		{"field without a value", "en", "home.welcome", nil, "Welcome, <no value>"},
		{"value of another type", "en", "home.welcome", []any{"Name", 9.5}, "Welcome, 9.5"},
		{"unknown key comes back", "en", "no.such.key", nil, "no.such.key"},
		{"unknown key comes back zh-CN", "zh-CN", "no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Localizer(tt.lang).T(tt.id, tt.args...); got != tt.want {
				t.Errorf("T=%v, want %v", got, tt.want)
			}
		})
	}
}

// TestLocalizer_TEveryKey translates every catalog key in its own language, each field filled
// with its own name in angle brackets.
func TestLocalizer_TEveryKey(t *testing.T) {
	b := newBundle(t)
	byLang, _ := loadCatalogs(t)
	for _, lang := range Languages {
		l := b.Localizer(lang)
		for k, v := range byLang[lang] {
			var args []any
			for _, m := range templateFields.FindAllStringSubmatch(v, -1) {
				args = append(args, m[1], "<"+m[1]+">")
			}
			if got, want := l.T(k, args...), templateFields.ReplaceAllString(v, "<$1>"); got != want {
				t.Errorf("%v %v: T=%v, want %v", lang, k, got, want)
			}
		}
	}
}

// TestParse refuses markup other than a field, which T would not fill.
func TestParse(t *testing.T) {
	for _, text := range []string{"{{if .A}}x{{end}}", "{{.A | printf}}", "a {{ b"} {
		if _, err := parse(text); err == nil {
			t.Errorf("parse(%q) err=nil, want markup refused", text)
		}
	}
	if m, err := parse("{{.A}} and {{ .B }}"); err != nil || !slices.Equal(m, message{"", "A", " and ", "B", ""}) {
		t.Errorf("parse=%q, %v, want cut at both fields", m, err)
	}
}

func TestContext(t *testing.T) {
	b := newBundle(t)
	ctx := t.Context()
	if got := From(ctx); got != nil {
		t.Errorf("From(empty)=%v, want nil", got)
	}
	if got := T(ctx, "nav.home"); got != "nav.home" {
		t.Errorf("T without localizer=%v, want %v", got, "nav.home")
	}
	en := b.Localizer("en")
	ctx = With(ctx, en)
	if got := From(ctx); got != en {
		t.Errorf("From=%v, want %v", got, en)
	}
	if got := T(ctx, "home.welcome", "Name", "王芳"); got != "Welcome, 王芳" {
		t.Errorf("T=%v, want %v", got, "Welcome, 王芳")
	}
}

// strs turns a list of string-typed codes into strings.
func strs[T ~string](codes []T) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}
