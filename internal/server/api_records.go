package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/orders"
)

// numericFields are the record properties the API also accepts as JSON numbers.
var numericFields = map[string]bool{"amount": true, "mileage": true}

// parseRecords checks and reads a push's records. When any record is invalid it returns a
// problem listing every invalid value, and no records.
func parseRecords(k orders.Kind, raw []map[string]json.RawMessage, loc *time.Location, today time.Time) ([]orders.Record, error) {
	recs := make([]orders.Record, 0, len(raw))
	batch := orders.Batch{}
	var problems []fieldProblem
	invalid := 0
	for i, props := range raw {
		rec, errs := parseRecord(k, props, loc, today)
		rec.Line = i
		if _, bad := errs["order_no"]; !bad {
			if first, ok := batch.Add(&rec); !ok {
				errs["order_no"] = fieldProblem{key: "api.duplicate_order_no", args: []any{"First", first}}
			}
		}
		if len(errs) > 0 {
			invalid++
			problems = append(problems, pointAt(k, i, errs)...)
		}
		recs = append(recs, rec)
	}
	if invalid > 0 {
		return nil, &problemError{problem: problemInvalid, args: []any{"Count", invalid}, fields: problems}
	}
	return recs, nil
}

// parseRecord reads one record. Its errors are keyed by property: values of the wrong JSON type
// and unknown properties, then what orders.ParseRecord finds in the others.
func parseRecord(k orders.Kind, props map[string]json.RawMessage, loc *time.Location, today time.Time) (orders.Record, map[string]fieldProblem) {
	text, errs := recordText(k, props)
	rec, fieldErrs := orders.ParseRecord(k, func(f string) string { return text[f] }, loc, today)
	for f, key := range fieldErrs {
		if _, done := errs[f]; !done {
			errs[f] = fieldProblem{key: key}
		}
	}
	return rec, errs
}

// recordText turns a record's JSON values into the text orders.ParseRecord reads: a string as
// it is, a number for a numeric field as written, null as absent. A string the database cannot
// store is refused at its property.
func recordText(k orders.Kind, props map[string]json.RawMessage) (map[string]string, map[string]fieldProblem) {
	fields := orders.Fields(k)
	text, errs := map[string]string{}, map[string]fieldProblem{}
	for name, v := range props {
		var s string
		var n json.Number
		switch {
		case !slices.ContainsFunc(fields, func(f orders.Field) bool { return f.Name == name }):
			errs[name] = fieldProblem{key: "api.unknown_property"}
		case string(v) == "null":
		case json.Unmarshal(v, &s) == nil && storable(string(v)) && storable(s):
			text[name] = s
		case json.Unmarshal(v, &s) == nil:
			// Not UTF-8, which Unmarshal would quietly replace, or \u0000 (storable).
			errs[name] = fieldProblem{key: "validation.text_invalid"}
		case numericFields[name] && json.Unmarshal(v, &n) == nil:
			text[name] = n.String()
		case numericFields[name]:
			errs[name] = fieldProblem{key: "api.want_string_or_number"}
		default:
			errs[name] = fieldProblem{key: "api.want_string"}
		}
	}
	return text, errs
}

// pointAt orders a record's errors as orders.Fields lists the properties, unknown ones last by
// name, and points each at its value.
func pointAt(k orders.Kind, i int, errs map[string]fieldProblem) []fieldProblem {
	var names []string
	for _, f := range orders.Fields(k) {
		if _, ok := errs[f.Name]; ok {
			names = append(names, f.Name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(errs)) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	out := make([]fieldProblem, 0, len(names))
	for _, name := range names {
		p := errs[name]
		p.pointer = fmt.Sprintf("/records/%d/%s", i, pointerEscape.Replace(name))
		out = append(out, p)
	}
	return out
}

// pointerEscape escapes a property name for a JSON Pointer (RFC 6901).
var pointerEscape = strings.NewReplacer("~", "~0", "/", "~1")
