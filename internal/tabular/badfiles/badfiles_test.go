package badfiles_test

import (
	"archive/zip"
	"os"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/tabular/badfiles"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestWrite: the corpus is what it says it is. Its bombs are small files that unpack to their
// full size (what the import must refuse without unpacking them), and the oversize file is past
// the limit given. What reading each file gives is tested in internal/tabular.
func TestWrite(t *testing.T) {
	const limit = 1 << 20
	files, err := badfiles.Write(t.TempDir(), limit)
	testkit.Must(t, err)
	bombs := map[string]struct {
		part          string
		unpacked      uint64
		parts, packed int64
	}{
		"sheet-bomb.xlsx":  {part: "xl/worksheets/sheet1.xml", unpacked: badfiles.SheetBombBytes, packed: 1 << 20},
		"sst-bomb.xlsx":    {part: "xl/sharedStrings.xml", unpacked: badfiles.SharedStringsBombBytes, packed: 1 << 20},
		"styles-bomb.xlsx": {part: "xl/styles.xml", unpacked: badfiles.StylesBombBytes, packed: 1 << 20},
		"parts-bomb.xlsx":  {parts: badfiles.BombParts, packed: 32 << 20},
	}
	var valid []string
	for _, f := range files {
		st, err := os.Stat(f.Path)
		testkit.Must(t, err)
		if f.Valid {
			valid = append(valid, f.Name)
		}
		if f.Name == "oversize.csv" && st.Size() <= limit {
			t.Errorf("oversize.csv of %d bytes, want more than %d", st.Size(), limit)
		}
		if b, ok := bombs[f.Name]; ok {
			if st.Size() > b.packed {
				t.Errorf("%s of %d bytes, want at most %d", f.Name, st.Size(), b.packed)
			}
			checkBomb(t, f.Path, b.part, b.unpacked, b.parts)
		}
	}
	if strings.Join(valid, " ") != "valid.csv valid.xlsx" {
		t.Errorf("valid files %q, want valid.csv and valid.xlsx", valid)
	}
}

// checkBomb fails t unless the workbook at path has part, of at least unpacked bytes, and at
// least parts parts; an empty part name asks for none.
func checkBomb(t *testing.T, path, part string, unpacked uint64, parts int64) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	testkit.Must(t, err)
	defer zr.Close()
	if int64(len(zr.File)) < parts {
		t.Errorf("%s has %d parts, want at least %d", path, len(zr.File), parts)
	}
	found := part == ""
	for _, f := range zr.File {
		if f.Name == part {
			found = true
			if f.UncompressedSize64 < unpacked {
				t.Errorf("%s: %s unpacks to %d bytes, want at least %d", path, part, f.UncompressedSize64, unpacked)
			}
		}
	}
	if !found {
		t.Errorf("%s has no part %s", path, part)
	}
}
