package benchmarks

import (
	"errors"
	"io"
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/tabular"
)

// Row is a valid row of a results file: a result of the import's store.
type Row struct {
	Line      int
	Programme Programme
	Quarter   time.Time
	Item      string
	Figures
}

// Reject is what is wrong with a row of a results file that cannot be kept: a field's value
// and the message key saying why. First is the line a row for the same result was first seen on.
type Reject struct {
	Line  int
	Field string
	Value string
	Key   string
	First int
}

// rowKey is the result a row is for.
type rowKey struct {
	programme Programme
	item      string
	quarter   time.Time
}

// readRows reads every row of an import's file through its mapping into rows to keep and
// rejects. A second row for the same result is rejected, naming the first.
func readRows(im Import, content []byte) ([]Row, []Reject, error) {
	t, err := open(im.FileName, content, im.Encoding)
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	cols := map[string]int{}
	for field, col := range im.Mapping {
		if i := slices.Index(t.Header(), col); i >= 0 {
			cols[field] = i
		}
	}
	var rows []Row
	var rejects []Reject
	seen := map[rowKey]int{}
	for {
		cells, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			return rows, rejects, nil
		}
		if err != nil {
			return nil, nil, err
		}
		cell := func(field string) string {
			if i, ok := cols[field]; ok && i < len(cells) {
				return cells[i]
			}
			return ""
		}
		r, bad := parseRow(line, cell)
		k := rowKey{r.Programme, r.Item, r.Quarter}
		if first, dup := seen[k]; dup && len(bad) == 0 {
			bad = append(bad, Reject{Line: line, Field: "item", Value: r.Item, Key: "benchmarks.error.duplicate", First: first})
		}
		if len(bad) > 0 {
			rejects = append(rejects, bad...)
			continue
		}
		seen[k] = line
		rows = append(rows, r)
	}
}

// parseRow reads a row's cells (cell gives a field's) into a result, or says what is wrong with
// each of its fields, in the order of Columns.
func parseRow(line int, cell func(string) string) (Row, []Reject) {
	r := Row{Line: line, Item: cell("item")}
	errs := map[string]string{}
	var ok bool
	if r.Programme, ok = parseProgramme(cell("programme")); !ok {
		errs["programme"] = "benchmarks.error.programme"
	}
	if r.Quarter, ok = ParseQuarter(cell("quarter")); !ok {
		errs["quarter"] = "benchmarks.error.quarter"
	}
	switch {
	case r.Item == "":
		errs["item"] = "benchmarks.error.item_required"
	case utf8.RuneCountInString(r.Item) > maxItemName:
		errs["item"] = "validation.too_long"
	}
	var figureErrs map[string]string
	r.Figures, figureErrs = FiguresText{Score: cell("score"), National: cell("national"), Regional: cell("regional"),
		Rank: cell("rank")}.Parse()
	maps.Copy(errs, figureErrs)
	var bad []Reject
	for _, c := range Columns {
		if !tabular.ValidText(cell(c.Name)) {
			errs[c.Name] = "benchmarks.error.bad_text"
		}
		if key, ok := errs[c.Name]; ok {
			bad = append(bad, Reject{Line: line, Field: c.Name, Value: tabular.Clean(cell(c.Name)), Key: key})
		}
	}
	return r, bad
}
