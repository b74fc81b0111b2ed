package tabular

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestScanXML(t *testing.T) {
	long := strings.Repeat("x", maxToken)
	tests := []struct {
		name  string
		xml   string
		names []string
		err   error
	}{
		{"tags and text", `<?xml version="1.0"?><x:row r="1"><c r="A1" t="s"><v>0</v></c><c/></x:row>`,
			[]string{"row", "c", "v", "c"}, nil},
		{"quoted >", `<c a="1>2" b='3>4'><v>1</v></c>`, []string{"c", "v"}, nil},
		{"comment with > and <", `<!-- <c> --> <row/>`, []string{"row"}, nil},
		{"CDATA with markup", `<t><![CDATA[<c>]]></t>`, []string{"t"}, nil},
		{"text just short enough", "<t>" + long[1:] + "</t>", []string{"t"}, nil},
		{"text too long", "<t>" + long + "</t>", []string{"t"}, errLongToken},
		{"white space too long", "<row/>" + strings.Repeat(" ", 2*maxToken) + "<row/>", []string{"row"}, errLongToken},
		{"attribute too long", `<c a="` + long + `"/>`, nil, errLongToken},
		{"comment too long", "<!--" + long + "-->", nil, errLongToken},
		{"document type", `<!DOCTYPE x [<!ENTITY a "b">]><x/>`, nil, errDoctype},
		{"end inside a tag", `<row r="1`, nil, io.ErrUnexpectedEOF},
		{"end inside a comment", `<!-- `, nil, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			n, err := scanXML(strings.NewReader(tt.xml), func(name []byte, at int64) error {
				if tt.xml[at] != '<' {
					t.Errorf("tag %s at %d, want the offset of its <", name, at)
				}
				names = append(names, string(name))
				return nil
			})
			if !errors.Is(err, tt.err) {
				t.Errorf("err=%v, want %v", err, tt.err)
			}
			if !slices.Equal(names, tt.names) {
				t.Errorf("names=%q, want %q", names, tt.names)
			}
			if tt.err == nil && n != int64(len(tt.xml)) {
				t.Errorf("length=%d, want %d", n, len(tt.xml))
			}
		})
	}
}

func TestScanXML_VisitError(t *testing.T) {
	stop := errors.New("stop")
	_, err := scanXML(strings.NewReader("<a/><b/>"), func(name []byte, _ int64) error {
		if string(name) == "b" {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("err=%v, want visit's error", err)
	}
}
