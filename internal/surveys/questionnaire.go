// Package surveys keeps the questionnaires agents read to customers: versioned per store and
// kind (SSI after a delivery, CSI after a service order), with their items and call scripts.
package surveys

import (
	"time"

	"github.com/csidesk/csidesk/internal/tenancy"
)

// Kind says what a questionnaire measures.
type Kind string

// The kinds of questionnaire.
const (
	SSI Kind = "ssi" // satisfaction with the sales process, after a delivery
	CSI Kind = "csi" // satisfaction with after-sales service, after a service order
	// Event is the event survey after a complaint: how the customer found its handling. It is
	// reported apart from CSI unless the store counts it in.
	Event Kind = "event"
)

// Kinds lists the kinds of questionnaire.
var Kinds = []Kind{SSI, CSI, Event}

// HomeDepartment is the kind of department a new item of a questionnaire of kind k is scored
// for until the editor picks another: sales for SSI, after-sales service for CSI and the event
// survey.
func (k Kind) HomeDepartment() tenancy.DepartmentKind {
	if k != SSI {
		return tenancy.AfterSales
	}
	return tenancy.Sales
}

// Scale is how an item is answered.
type Scale string

// The scales.
const (
	Five  Scale = "five"   // 1 to 5
	Ten   Scale = "ten"    // 1 to 10
	YesNo Scale = "yes_no" // yes or no
	Text  Scale = "text"   // free text, never scored
)

// Scales lists the scales.
var Scales = []Scale{Five, Ten, YesNo, Text}

// Element is the part of the CSI model an item measures.
type Element string

// The elements of the CSI model; an item may measure none.
const (
	NoElement        Element = ""
	Expectation      Element = "expectation"
	PerceivedQuality Element = "perceived_quality"
	PerceivedValue   Element = "perceived_value"
	Satisfaction     Element = "satisfaction"
	Complaint        Element = "complaint"
	Loyalty          Element = "loyalty"
)

// Elements lists the elements an item may measure.
var Elements = []Element{Expectation, PerceivedQuality, PerceivedValue, Satisfaction, Complaint, Loyalty}

// SectionKind names a part of the call script.
type SectionKind string

// The parts of a call script: the three every call has, then guidance for awkward calls.
const (
	Greeting      SectionKind = "greeting"
	IdentityCheck SectionKind = "identity_check"
	Closing       SectionKind = "closing"
	Silence       SectionKind = "silence"
	BadLine       SectionKind = "bad_line"
	Dialect       SectionKind = "dialect"
)

// SectionKinds lists the parts of a call script in the order the call screen shows them.
var SectionKinds = []SectionKind{Greeting, IdentityCheck, Closing, Silence, BadLine, Dialect}

// Lang names a language of an item's texts.
type Lang string

// The languages of an item's texts.
const (
	NoLang Lang = ""
	ZH     Lang = "zh"
	EN     Lang = "en"
)

// Item is one question.
type Item struct {
	ID       int64
	Position int
	// NameZH and NameEN are the item's short name ("服务态度"), by which reports and complaint
	// forms list it.
	NameZH string
	NameEN string
	TextZH string
	TextEN string
	// Stale is the language whose text may be out of date, since the other one changed alone.
	Stale     Lang
	Scale     Scale
	Weight    float64
	Mandatory bool
	// DepartmentID is the store's department the item is scored for; DeptKind is its kind, by
	// which the defaults name it before a store's departments are known.
	DepartmentID int64
	DeptKind     tenancy.DepartmentKind
	Element      Element
	// WorkTypes are the work types of the service orders the item is asked about; none: every
	// call. Only CSI items have them.
	WorkTypes []string
}

// Placeholders are what the call screen fills into a script: how the customer is addressed, the
// store, the agent, then the order or delivery the call is about (its date, vehicle, number, the
// work done and the advisor or sales consultant).
var Placeholders = []string{"{customer}", "{store}", "{agent}", "{date}", "{vehicle}", "{order_no}", "{work}", "{advisor}"}

// Section is one part of the call script, in both languages.
type Section struct {
	Kind   SectionKind
	TextZH string
	TextEN string
}

// Questionnaire is one version of a store's questionnaire of one kind.
type Questionnaire struct {
	ID       int64
	StoreID  int64
	Kind     Kind
	Version  int
	Items    []Item
	Sections []Section
	// Frozen is set once a survey used this version; changing it then makes the next version.
	Frozen    bool
	CreatedAt time.Time
}

// Template is a default questionnaire, applied to every new store: its items name the kinds of
// department they are scored for.
type Template struct {
	Kind     Kind
	Items    []Item
	Sections []Section
}
