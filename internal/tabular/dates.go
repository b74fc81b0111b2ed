package tabular

import (
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// The built-in number formats that excelize, given the ShortDatePattern "yyyy-mm-dd", renders as
// "2006-01-02" and "2006-01-02 15:04".
const (
	isoDateFormat     = 14
	isoDateTimeFormat = 22
)

// builtInDates maps each built-in number format that shows a date to whether it shows a time of
// day too. The formats from 27 up mean different things in different languages; these are the
// dates of Chinese (zh-CN) Excel, where DMS exports are opened and saved.
var builtInDates = map[int]bool{
	14: false, 15: false, 16: false, 17: false, 22: true,
	27: false, 28: false, 29: false, 30: false, 31: false, 36: false,
	50: false, 51: false, 52: false, 53: false, 54: false, 57: false, 58: false,
}

// isoDates makes every date cell of f read as an ISO date: it points each cell format whose number
// format shows a date at built-in format 14 or 22. A sheet shows dates as "3/5/24", "5-Mar-24",
// "2024年3月5日" or a custom form such as "m/d/yyyy", which callers cannot parse unambiguously;
// and excelize's streaming reader gives no cell's style, so the formats themselves must change.
// excelize offers no call to change a cell format in place, hence the write through f.Styles,
// which GetStyle has loaded.
func isoDates(f *excelize.File) {
	for i := 0; ; i++ {
		style, err := f.GetStyle(i)
		if err != nil {
			return // past the last cell format, or none can be read: cells then read as formatted
		}
		if id, ok := isoFormat(style); ok {
			f.Styles.CellXfs.Xf[i].NumFmtID = &id
		}
	}
}

// isoFormat returns the built-in format to read a cell of style as, when style shows a date.
func isoFormat(style *excelize.Style) (int, bool) {
	var date, clock bool
	if style.CustomNumFmt != nil {
		date, clock = dateParts(*style.CustomNumFmt)
	} else {
		clock, date = builtInDates[style.NumFmt] // a format is in the map when it shows a date
	}
	switch {
	case !date:
		return 0, false
	case clock:
		return isoDateTimeFormat, true
	}
	return isoDateFormat, true
}

// dateParts reports whether a custom number format code shows a date and whether it shows a
// time of day. It looks only at the code's letters outside quoted text, escapes and brackets
// (colours, locales, conditions, elapsed time), where y and d are date parts, h and s time
// parts, and m a month unless the code has time parts.
func dateParts(code string) (date, clock bool) {
	letters := codeLetters(code)
	letters = strings.NewReplacer("am/pm", "", "a/p", "").Replace(letters)
	clock = strings.ContainsAny(letters, "hs")
	date = strings.ContainsAny(letters, "yd") || !clock && strings.ContainsRune(letters, 'm')
	return date, clock
}

// codeLetters returns the lower-cased characters of a number format code that are format tokens,
// leaving out quoted text, the character after a backslash, underscore or asterisk, and
// bracketed parts.
func codeLetters(code string) string {
	var b strings.Builder
	var quoted, bracketed, escaped bool
	for _, r := range code {
		switch {
		case escaped:
			escaped = false
		case quoted:
			quoted = r != '"'
		case bracketed:
			bracketed = r != ']'
		case r == '"':
			quoted = true
		case r == '[':
			bracketed = true
		case r == '\\' || r == '_' || r == '*':
			escaped = true
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
