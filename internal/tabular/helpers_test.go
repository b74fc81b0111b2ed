package tabular_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/tabular"
)

// row is a data row as Next returns it.
type row struct {
	line  int
	cells []string
}

// result is what reading a whole file gives: the header, the rows before the first error, the
// encoding and that error.
type result struct {
	header []string
	rows   []row
	enc    tabular.Encoding
	err    error
}

// readAll opens data as the file name and reads it to the end or the first error.
func readAll(t *testing.T, name string, data []byte, enc tabular.Encoding) result {
	t.Helper()
	tab, err := tabular.Open(name, bytes.NewReader(data), int64(len(data)), enc)
	if err != nil {
		return result{err: err}
	}
	defer func() {
		if err := tab.Close(); err != nil {
			t.Errorf("Close err=%v, want nil", err)
		}
	}()
	res := result{header: tab.Header(), enc: tab.Encoding()}
	for {
		cells, line, err := tab.Next()
		if errors.Is(err, io.EOF) {
			return res
		}
		if err != nil {
			res.err = err
			return res
		}
		res.rows = append(res.rows, row{line, cells})
	}
}

// checkRows fails t unless got holds the rows of want, in order.
func checkRows(t *testing.T, got, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("rows=%v, want %v", got, want)
	}
	for i := range want {
		if got[i].line != want[i].line || !slices.Equal(got[i].cells, want[i].cells) {
			t.Errorf("row %d=%d %q, want %d %q", i, got[i].line, got[i].cells, want[i].line, want[i].cells)
		}
	}
}

// checkAppErr fails t unless err is an *apperr.Error with the key and arguments.
func checkAppErr(t *testing.T, err error, key string, args []any) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("err=%v, want an *apperr.Error with key %v", err, key)
	}
	if e.Code != apperr.Invalid {
		t.Errorf("Code=%v, want %v", e.Code, apperr.Invalid)
	}
	if e.Key != key {
		t.Errorf("Key=%v, want %v", e.Key, key)
	}
	if !slices.Equal(e.Args, args) {
		t.Errorf("Args=%v, want %v", e.Args, args)
	}
}

// gbk encodes s in GBK, as a Chinese DMS export is.
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("GBK encode err=%v, want nil", err)
	}
	return b
}

// concat joins byte slices, for files that mix encodings.
func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
