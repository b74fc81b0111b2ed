// Package imports brings deliveries and service orders in from files exported by the dealer's
// DMS: upload, column mapping (remembered per store), a dry-run preview with per-row errors,
// then one transaction that loads every valid row.
package imports

import (
	"time"

	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
)

// MaxFileBytes bounds an uploaded file.
const MaxFileBytes = 64 << 20

// SampleSize is how many rejected rows an import keeps for its preview page.
const SampleSize = 100

// Statuses an import passes through.
const (
	Uploaded   = "uploaded"
	Previewing = "previewing"
	Previewed  = "previewed"
	Committing = "committing"
	Done       = "done"
	Failed     = "failed"
)

// Statuses lists every status, in order.
var Statuses = []string{Uploaded, Previewing, Previewed, Committing, Done, Failed}

// Import is one uploaded file and what became of it.
type Import struct {
	ID        int64
	StoreID   int64
	StoreName string
	Kind      orders.Kind
	UserName  string
	FileName  string
	FileSize  int64
	Encoding  tabular.Encoding
	Header    []string
	// Samples are the file's first rows, for the column mapping.
	Samples [][]string
	Mapping Mapping
	// Codes are the codes of its coded fields that the last run found and the product does not
	// read by itself; Values are the store's choices for its DMS's codes.
	Codes     []Code
	Values    Values
	Status    string
	ReadBytes int64
	// Held says a process is running the import now: it holds the import's lock (runLock).
	Held     bool
	Counts   orders.Counts
	Rejected int64
	Sample   []Reject
	// Tasks counts, by reason, the follow-up tasks the import's orders called for: created, or
	// for a preview to be created.
	Tasks    map[string]int64
	ErrorKey string
	// ErrorArgs fills the error message's fields, such as the line of the file it is about.
	ErrorArgs map[string]any
	CreatedAt time.Time
}

// Running reports whether a preview or commit is under way.
func (im *Import) Running() bool { return im.Status == Previewing || im.Status == Committing }

// Stalled reports whether a running import was interrupted: no process runs it any more, as
// when the server died under it. Its transaction was rolled back, so nothing of it was written.
func (im *Import) Stalled() bool { return im.Running() && !im.Held }

// Percent is how far through the file a running import has read.
func (im *Import) Percent() int {
	if im.FileSize == 0 {
		return 0
	}
	return int(min(100, im.ReadBytes*100/im.FileSize))
}

// Reject is a row that cannot be loaded, with what is wrong with it.
type Reject struct {
	Line   int          `json:"line"`
	Errors []FieldError `json:"errors"`
}

// FieldError is one wrong value of a rejected row. First is the line a duplicate order number
// was first seen on.
type FieldError struct {
	Field string `json:"field"`
	Key   string `json:"key"`
	Value string `json:"value"`
	First int    `json:"first,omitempty"`
}
