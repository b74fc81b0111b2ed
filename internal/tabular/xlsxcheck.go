package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/csidesk/csidesk/internal/apperr"
)

// The caps on what an XLSX file may unpack to, checked from the ZIP central directory before
// excelize opens the file. archive/zip refuses a part whose content runs past its declared size,
// so the declared sizes, once checked, bound what excelize reads. What each costs was measured
// with excelize v2.11.1. A DMS export of 100,000 deliveries, the size the import benchmark loads
// by default, is a sheet of 32 MiB and 13 MiB of shared strings (500,000 different texts) in a
// 4.2 MiB file, and reading it peaks at 60 MiB; larger exports go as CSV, which streams and has
// no such caps (the upload limit aside).
const (
	// maxParts: a workbook is about 15 parts, and each further sheet adds a few. archive/zip
	// keeps some 270 bytes of every part it lists, whatever the file declares.
	maxParts = 1000
	// maxSheetBytes bounds the sheets together. They stream from temporary files, so they cost
	// disk and time rather than memory: four times the benchmark's sheet, or its rows with their
	// text written inline in the sheet.
	maxSheetBytes = 128 << 20
	// maxSharedStringsBytes and maxSharedStrings bound the table of shared strings, which
	// excelize indexes in memory at about 110 bytes a string (63 MiB at the cap), whatever their
	// length: hence the count, as a part of empty strings holds 3 million in 16 MiB. Both leave
	// room above the benchmark's export.
	maxSharedStringsBytes = 16 << 20
	maxSharedStrings      = 600_000
	// maxPartBytes bounds every other part: styles, theme, workbook, relationships, images.
	// excelize parses several of them whole as it opens the file, the styles at up to 33 bytes
	// of memory a byte (16 MiB of them took 540 MiB); an export's are a few kilobytes.
	maxPartBytes = 1 << 20
	// maxRestBytes bounds those other parts together, all of which excelize keeps in memory.
	maxRestBytes = 4 << 20
	// maxRowCells bounds the cells of a sheet row, which excelize reads whole: five times the
	// columns a row may have (maxColumns), for the formatted empty cells Excel keeps. With
	// maxToken it bounds a row's text to 64 MiB.
	maxRowCells = 1024
	// inMemoryXMLBytes is the size from which excelize unpacks a sheet or the shared strings to a
	// temporary file: it parses shared strings held in memory into 26 bytes a byte, and indexes
	// those of a file into far less.
	inMemoryXMLBytes = 1 << 20
)

// centralHeader is the signature that starts each record of a ZIP central directory.
var centralHeader = []byte("PK\x01\x02")

// checkWorkbook checks an XLSX file against the caps before excelize opens it: the number of
// parts, the unpacked size of each kind of part, then the XML of the sheets and the shared
// strings, piece by piece.
func checkWorkbook(r io.ReaderAt, size int64) error {
	n, err := countSignatures(r, size)
	if err != nil {
		return err
	}
	if n > maxParts {
		return invalid("tabular.error.xlsx_parts", nil, "Max", maxParts)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return invalid("tabular.error.format", err)
	}
	if err := checkSizes(zr.File); err != nil {
		return err
	}
	for _, f := range zr.File {
		if err := checkXML(f); err != nil {
			return err
		}
	}
	return nil
}

// countSignatures counts the central directory signatures in the file, a bound on the parts
// archive/zip lists: it reads every record it finds, however many the archive declares.
func countSignatures(r io.ReaderAt, size int64) (int, error) {
	buf := make([]byte, 1<<20)
	n := 0
	// Reads overlap by three bytes, so that a signature across two reads is counted in the
	// second, and none, four bytes long, twice.
	for off := int64(0); off < size; off += int64(len(buf) - len(centralHeader) + 1) {
		k, err := r.ReadAt(buf, off)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("tabular: read: %w", err)
		}
		n += bytes.Count(buf[:k], centralHeader)
		if off+int64(k) >= size {
			break
		}
	}
	return n, nil
}

// partKind sorts a part as excelize does: a sheet, the shared strings, or another part.
type partKind int

const (
	otherPart partKind = iota
	sheetPart
	sharedStringsPart
)

func kindOf(f *zip.File) partKind {
	name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
	switch {
	case name == "xl/sharedstrings.xml":
		return sharedStringsPart
	case strings.HasPrefix(name, "xl/worksheets/sheet") && !f.FileInfo().IsDir():
		return sheetPart
	}
	return otherPart
}

// checkSizes checks the parts' declared unpacked sizes against the caps.
func checkSizes(files []*zip.File) error {
	var sheets, rest uint64
	for _, f := range files {
		size := f.UncompressedSize64
		switch kindOf(f) {
		case sheetPart:
			sheets += size
		case sharedStringsPart:
			if size > maxSharedStringsBytes {
				return invalid("tabular.error.xlsx_shared_strings", nil, "MiB", maxSharedStringsBytes>>20)
			}
		default:
			if size > maxPartBytes {
				return invalid("tabular.error.xlsx_part", nil, "Part", partName(f), "MiB", maxPartBytes>>20)
			}
			rest += size
		}
	}
	if sheets > maxSheetBytes {
		return invalid("tabular.error.xlsx_sheets", nil, "MiB", maxSheetBytes>>20)
	}
	if rest > maxRestBytes {
		return invalid("tabular.error.xlsx_rest", nil, "MiB", maxRestBytes>>20)
	}
	return nil
}

// checkXML reads a sheet or the shared strings as it unpacks, checking its pieces and, for a
// sheet, the cells of each row, or for the shared strings, their number and length.
func checkXML(f *zip.File) error {
	var visit func(name []byte, at int64) error
	var last func(end int64) error
	switch kindOf(f) {
	case sheetPart:
		visit = rowCells()
	case sharedStringsPart:
		visit, last = sharedStrings()
	default:
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return invalid("tabular.error.format", err)
	}
	defer rc.Close()
	end, err := scanXML(rc, visit)
	if err == nil && last != nil {
		err = last(end)
	}
	return xmlError(f, err)
}

// rowCells refuses a row of more than maxRowCells cells.
func rowCells() func(name []byte, at int64) error {
	cells := 0
	return func(name []byte, _ int64) error {
		switch string(name) {
		case "row":
			cells = 0
		case "c":
			if cells++; cells > maxRowCells {
				return invalid("tabular.error.xlsx_row_cells", nil, "Max", maxRowCells)
			}
		}
		return nil
	}
}

// sharedStrings refuses more than maxSharedStrings strings, and a string (the XML from its
// <si> to the next, or to the end of the part) longer than maxToken.
func sharedStrings() (visit func(name []byte, at int64) error, last func(end int64) error) {
	n, start := 0, int64(-1)
	long := func(at int64) error {
		if start >= 0 && at-start > maxToken {
			return errLongToken
		}
		return nil
	}
	visit = func(name []byte, at int64) error {
		if string(name) != "si" {
			return nil
		}
		if n++; n > maxSharedStrings {
			return invalid("tabular.error.xlsx_shared_strings_count", nil, "Max", maxSharedStrings)
		}
		err := long(at)
		start = at
		return err
	}
	return visit, long
}

// xmlError turns an error of scanning part f into the message for it.
func xmlError(f *zip.File, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errLongToken):
		return invalid("tabular.error.xlsx_token", err, "Part", partName(f), "KiB", maxToken>>10)
	}
	if apperr.CodeOf(err) == apperr.Invalid {
		return err
	}
	// A broken part (its deflated data, its checksum, its size) or a document type declaration.
	return invalid("tabular.error.format", err)
}

// partName is a part's name for a message: valid text, and short.
func partName(f *zip.File) string {
	name := []rune(Clean(f.Name))
	if len(name) > 80 {
		return string(name[:80]) + "…"
	}
	return string(name)
}
