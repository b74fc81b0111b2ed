// Package badfiles writes a corpus of uploads for tests of the import's limits: files an import
// must refuse with a clear message rather than fall over (empty, random, truncated, ZIP bombs,
// too large, too wide, a 10 MB line, mixed encodings, NUL bytes), and two it must import, a CSV
// and an XLSX export of deliveries. Write makes them in seconds, in a directory of the caller's
// (a test's temporary directory); none is kept in the repository.
package badfiles

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// File is one file of the corpus.
type File struct {
	// Name is the file's name as uploaded, its extension telling CSV from XLSX.
	Name string
	// Path is where Write put it.
	Path string
	// About says what the file is, for test messages.
	About string
	// Valid says the file imports: the corpus's one valid CSV and one valid XLSX.
	Valid bool
}

// Header is the header row of the corpus's delivery exports, which the import maps on its own.
var Header = []string{"交车单号", "客户姓名", "手机号码", "车架号", "车牌号", "品牌", "车型", "交车日期", "销售顾问"}

// Row is delivery i of an export, valid to load.
func Row(i int) []string {
	return []string{fmt.Sprintf("JC%08d", i), fmt.Sprintf("客户%d", i), fmt.Sprintf("139%08d", i),
		fmt.Sprintf("LSVAG2180P%07d", i), fmt.Sprintf("沪A%05d", i%100000), "大众", "朗逸",
		fmt.Sprintf("2026-05-%02d", 1+i%28), "刘洋"}
}

// The sizes of the corpus's bombs, as found in the wild: a 200 MiB sheet and 250 MiB of shared
// strings, each in a file of a few hundred kilobytes.
const (
	SheetBombBytes         = 200 << 20
	SharedStringsBombBytes = 250 << 20
	StylesBombBytes        = 64 << 20
	BombParts              = 200_000
	LongLineBytes          = 10 << 20
	WideColumns            = 10_000
)

// entry is a file of the corpus and what writes it.
type entry struct {
	name, about string
	valid       bool
	write       func(w io.Writer) error
}

// Write writes the corpus to dir; maxFileBytes is the largest upload the server takes, which
// the oversize file exceeds.
func Write(dir string, maxFileBytes int) ([]File, error) {
	var files []File
	for _, e := range entries(maxFileBytes) {
		path := filepath.Join(dir, e.name)
		if err := writeFile(path, e.write); err != nil {
			return nil, fmt.Errorf("badfiles: %s: %w", e.name, err)
		}
		files = append(files, File{Name: e.name, Path: path, About: e.about, Valid: e.valid})
	}
	return files, nil
}

// entries is the corpus, its oversize file past maxFileBytes.
func entries(maxFileBytes int) []entry {
	return []entry{
		{"valid.csv", "a valid CSV export of 1,000 deliveries", true, csvRows(1000)},
		{"valid.xlsx", "a valid XLSX export of 1,000 deliveries", true, xlsxRows(1000)},
		{"empty.csv", "an empty file", false, func(io.Writer) error { return nil }},
		{"random.xlsx", "1 MiB of random bytes named .xlsx", false, randomBytes(1 << 20)},
		{"truncated.xlsx", "the first half of a valid XLSX file", false, truncated(xlsxRows(1000))},
		{"sst-bomb.xlsx", "an XLSX file whose shared strings unpack to 250 MiB", false,
			func(w io.Writer) error { return SharedStringsBomb(w, SharedStringsBombBytes) }},
		{"sheet-bomb.xlsx", "an XLSX file whose sheet unpacks to 200 MiB of white space", false,
			func(w io.Writer) error { return SheetBomb(w, SheetBombBytes) }},
		{"styles-bomb.xlsx", "an XLSX file whose styles unpack to 64 MiB of cell formats", false,
			func(w io.Writer) error { return StylesBomb(w, StylesBombBytes) }},
		{"parts-bomb.xlsx", "an XLSX file of 200,000 empty parts", false,
			func(w io.Writer) error { return PartsBomb(w, BombParts, 0) }},
		{"oversize.csv", "a valid CSV export larger than the upload limit", false, oversize(maxFileBytes)},
		{"wide.csv", "a CSV file of 10,000 columns", false, wide},
		{"long-line.csv", "a CSV export whose second line is 10 MB long", false, longLine},
		{"mixed-encodings.csv", "a CSV export in UTF-8 that goes on in GB18030", false, mixedEncodings},
		{"nul-cells.csv", "a CSV export with NUL bytes in cells", false, nulCells},
	}
}

// writeFile creates path and writes it with write, buffered.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// CSV writes an export of n deliveries, the header then Row(0) to Row(n-1), in UTF-8.
func CSV(w io.Writer, n int) error {
	return csvLines(w, 0, n, asIs)
}

// csvLines writes the header when from is 0, then rows from to to-1, each line through enc.
func csvLines(w io.Writer, from, to int, enc func(string) string) error {
	if from == 0 {
		if _, err := io.WriteString(w, enc(strings.Join(Header, ",")+"\n")); err != nil {
			return err
		}
	}
	for i := from; i < to; i++ {
		if _, err := io.WriteString(w, enc(strings.Join(Row(i), ",")+"\n")); err != nil {
			return err
		}
	}
	return nil
}

func csvRows(n int) func(io.Writer) error { return func(w io.Writer) error { return CSV(w, n) } }

func xlsxRows(n int) func(io.Writer) error {
	return func(w io.Writer) error { return XLSX(w, Header, n, Row) }
}

// randomBytes is n bytes from a seeded generator, the same on every run.
func randomBytes(n int) func(io.Writer) error {
	return func(w io.Writer) error {
		b := make([]byte, n)
		_, _ = rand.NewChaCha8([32]byte{1}).Read(b) // never fails
		_, err := w.Write(b)
		return err
	}
}

// truncated is the first half of what write writes.
func truncated(write func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		_, err := w.Write(b.Bytes()[:b.Len()/2])
		return err
	}
}

// oversize is a valid export of just over maxFileBytes.
func oversize(maxFileBytes int) func(io.Writer) error {
	return func(w io.Writer) error {
		cw := &countingWriter{w: w}
		for i := 0; cw.n <= int64(maxFileBytes); i += 1000 {
			if err := csvLines(cw, i, i+1000, asIs); err != nil {
				return err
			}
		}
		return nil
	}
}

// wide is a header of WideColumns columns and one row.
func wide(w io.Writer) error {
	cols := make([]string, WideColumns)
	for i := range cols {
		cols[i] = fmt.Sprintf("列%d", i+1)
	}
	_, err := fmt.Fprintf(w, "%s\n%s\n", strings.Join(cols, ","), strings.Repeat("1,", WideColumns-1)+"1")
	return err
}

// longLine is the header, then a line holding one cell of LongLineBytes, then a valid row.
func longLine(w io.Writer) error {
	if err := csvLines(w, 0, 0, asIs); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "JC%08d,%s\n", 0, strings.Repeat("长", LongLineBytes/3)); err != nil {
		return err
	}
	return csvLines(w, 1, 2, asIs)
}

// mixedEncodings is an export whose first 2,000 rows (past the 64 KiB a reader looks at to
// settle the encoding) are UTF-8 and whose next 100 are GB18030.
func mixedEncodings(w io.Writer) error {
	if err := csvLines(w, 0, 2000, asIs); err != nil {
		return err
	}
	return csvLines(w, 2000, 2100, func(s string) string {
		b, _ := simplifiedchinese.GB18030.NewEncoder().String(s) // GB18030 encodes every rune
		return b
	})
}

// nulCells is an export whose rows past the first 2,000 have a NUL byte in the customer's name.
func nulCells(w io.Writer) error {
	if err := csvLines(w, 0, 2000, asIs); err != nil {
		return err
	}
	return csvLines(w, 2000, 2100, func(s string) string { return strings.Replace(s, "客户", "客\x00户", 1) })
}

// asIs writes a line in UTF-8, as it is.
func asIs(s string) string { return s }

// countingWriter counts what is written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

// Write writes p, counting what was written.
func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
