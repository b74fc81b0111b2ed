package imports

import (
	"bytes"
	"context"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/tabular"
)

// sampleRows is how many of a file's first rows an import keeps to show beside its columns.
const sampleRows = 3

// maxSample is the most characters of a sample cell an import keeps.
const maxSample = 40

// head is what an upload keeps of its file's start: the header, the encoding it is read in,
// and the first rows.
type head struct {
	header   []string
	encoding tabular.Encoding
	samples  [][]string
}

// readHead reads the head of an uploaded file in its turn to parse a file. A row that cannot be
// read ends the samples: the preview reports it with its line.
func readHead(ctx context.Context, up Upload) (head, error) {
	done, err := requestTurn(ctx)
	if err != nil {
		return head{}, err
	}
	defer done()
	t, err := tabular.Open(up.FileName, bytes.NewReader(up.Content), int64(len(up.Content)), up.Encoding)
	if err != nil {
		return head{}, err
	}
	defer t.Close()
	h := head{header: t.Header(), encoding: t.Encoding(), samples: [][]string{}}
	for len(h.samples) < sampleRows {
		row, _, err := t.Next()
		if err != nil {
			break
		}
		h.samples = append(h.samples, sampleRow(row))
	}
	return h, nil
}

// sampleRow is a row as a sample keeps it: text that can be stored, each cell cut short.
func sampleRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		c = tabular.Clean(c)
		if utf8.RuneCountInString(c) > maxSample {
			c = string([]rune(c)[:maxSample]) + "…"
		}
		out[i] = c
	}
	return out
}
