package imports

import (
	"maps"
	"strings"

	"github.com/csidesk/csidesk/internal/orders"
)

// Mapping names, for each record field, the file column (by its header) that holds it.
type Mapping map[string]string

// headerNames lists, per field, the column headers DMS exports use for it, in Chinese and
// English, compared without case and spaces.
var headerNames = map[string][]string{
	"order_no": {"order_no", "ordernumber", "orderno", "ro", "ro号", "repairorder", "工单号", "维修工单号", "委托书号",
		"任务委托书号", "单号", "订单号", "交车单号", "销售单号", "deliveryno", "deliverynumber"},
	"customer_name": {"customer_name", "customer", "customername", "name", "客户姓名", "客户名称", "车主", "车主姓名", "姓名", "客户"},
	"phone": {"phone", "mobile", "telephone", "phonenumber", "手机", "手机号", "手机号码", "联系电话", "电话",
		"客户电话", "车主电话", "客户手机"},
	"vin":              {"vin", "车架号", "底盘号", "vin码", "车辆识别代号", "车辆识别号"},
	"plate":            {"plate", "licenseplate", "plateno", "车牌", "车牌号", "车牌号码"},
	"brand":            {"brand", "make", "品牌"},
	"model":            {"model", "车型", "车系", "车型名称"},
	"delivered_on":     {"delivered_on", "deliveredon", "deliverydate", "交车日期", "交付日期", "交车时间"},
	"sales_consultant": {"sales_consultant", "salesconsultant", "salesperson", "销售顾问", "销售员", "销售人员"},
	"work_type":        {"work_type", "worktype", "维修类型", "工单类型", "业务类型", "维修性质"},
	"opened_at":        {"opened_at", "opened", "openedat", "开单时间", "开单日期", "进厂时间", "入厂时间"},
	"closed_at":        {"closed_at", "closed", "closedat", "结算时间", "结算日期", "完工时间", "出厂时间"},
	"advisor":          {"advisor", "serviceadvisor", "服务顾问", "接待员", "服务专员"},
	"workshop_group":   {"workshop_group", "workshopgroup", "team", "维修班组", "班组"},
	"mileage":          {"mileage", "odometer", "里程", "进厂里程", "行驶里程", "公里数"},
	"amount":           {"amount", "total", "金额", "结算金额", "工单金额", "总金额"},
}

func headerKey(h string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "", "　", "").Replace(h))
}

// Guess maps each field of kind k to the first column whose header is a known name for it.
func Guess(k orders.Kind, header []string) Mapping {
	fields := orders.Fields(k)
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return GuessColumns(headerNames, names, header)
}

// GuessColumns maps each of fields to the first column of header whose name known lists for
// the field, compared without case, spaces, "_" and "-": the guess of any file's columns.
func GuessColumns(known map[string][]string, fields, header []string) Mapping {
	m := Mapping{}
	for _, f := range fields {
		for _, h := range header {
			if matches(known[f], h) {
				m[f] = h
				break
			}
		}
	}
	return m
}

func matches(names []string, header string) bool {
	key := headerKey(header)
	for _, n := range names {
		if headerKey(n) == key {
			return true
		}
	}
	return false
}

// Fit keeps the entries of m whose column is in header, filling the other fields by Guess:
// a saved mapping applies to a new file as far as the file has its columns.
func (m Mapping) Fit(k orders.Kind, header []string) Mapping {
	return m.Over(Guess(k, header), header)
}

// Over is guess with the entries of m whose column is in header put over it.
func (m Mapping) Over(guess Mapping, header []string) Mapping {
	out := maps.Clone(guess)
	for field, col := range m {
		if indexOf(header, col) >= 0 {
			out[field] = col
		}
	}
	return out
}

// Check returns a field error for each required field without a column, and for a column
// named that the file does not have.
func (m Mapping) Check(k orders.Kind, header []string) map[string]string {
	errs := map[string]string{}
	for _, f := range orders.Fields(k) {
		col := m[f.Name]
		switch {
		case col == "" && f.Required:
			errs[f.Name] = "imports.column_required"
		case col != "" && indexOf(header, col) < 0:
			errs[f.Name] = "validation.choice"
		}
	}
	return errs
}

func indexOf(header []string, col string) int {
	for i, h := range header {
		if h == col {
			return i
		}
	}
	return -1
}
