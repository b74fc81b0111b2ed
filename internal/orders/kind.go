// Package orders keeps the sales deliveries and service orders that follow-up calls start from,
// entered by hand or loaded in bulk from the dealer's DMS by file import or API.
package orders

// Kind names what a batch from the DMS holds.
type Kind string

// The kinds of batch.
const (
	Deliveries    Kind = "deliveries"
	ServiceOrders Kind = "service_orders"
)

// Kinds lists every kind of batch.
var Kinds = []Kind{Deliveries, ServiceOrders}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Deliveries || k == ServiceOrders }

// Field is one property of a record from the DMS: a column of an import file or a property of
// an API request.
type Field struct {
	Name     string
	Required bool
}

var commonFields = []Field{
	{"order_no", true}, {"customer_name", true}, {"phone", true},
	{"vin", true}, {"plate", false}, {"brand", false}, {"model", false},
}

var kindFields = map[Kind][]Field{
	Deliveries: append(commonFields[:len(commonFields):len(commonFields)],
		Field{"delivered_on", true}, Field{"sales_consultant", false}),
	ServiceOrders: append(commonFields[:len(commonFields):len(commonFields)],
		Field{"work_type", true}, Field{"opened_at", true}, Field{"closed_at", false}, Field{"advisor", false},
		Field{"workshop_group", false}, Field{"mileage", false}, Field{"amount", false}),
}

// Fields lists the properties of a record of kind k, common ones first. The slice is shared:
// callers must not change it.
func Fields(k Kind) []Field { return kindFields[k] }

// WorkTypes are the kinds of work a service order is for.
var WorkTypes = []string{"maintenance", "repair", "body_paint", "warranty", "accessory"}

// workTypeNames maps the words DMS exports use, in Chinese and English, to a work type.
var workTypeNames = map[string]string{
	"maintenance": "maintenance", "保养": "maintenance", "常规保养": "maintenance", "定期保养": "maintenance",
	"首保": "maintenance", "repair": "repair", "维修": "repair", "一般维修": "repair", "机修": "repair",
	"机电维修": "repair", "故障维修": "repair", "body_paint": "body_paint", "body & paint": "body_paint",
	"body and paint": "body_paint", "钣喷": "body_paint", "钣金": "body_paint", "喷漆": "body_paint",
	"钣金喷漆": "body_paint", "事故车维修": "body_paint", "warranty": "warranty", "索赔": "warranty",
	"保修": "warranty", "质保": "warranty", "三包": "warranty", "accessory": "accessory",
	"accessories": "accessory", "精品加装": "accessory", "加装": "accessory", "精品": "accessory",
}

// Coded is a field whose value is one of a fixed list. A DMS writes its own codes for them; Parse
// reads the codes DMS exports commonly use, and a store maps its DMS's others on import.
type Coded struct {
	Field  string
	Values []string
	// Parse reads a value by its code or by a name DMS exports use.
	Parse func(string) (string, bool)
}

var codedFields = map[Kind][]Coded{
	ServiceOrders: {{Field: "work_type", Values: WorkTypes, Parse: ParseWorkType}},
}

// CodedFields lists the coded fields of a record of kind k. The slice is shared: callers must
// not change it.
func CodedFields(k Kind) []Coded { return codedFields[k] }
