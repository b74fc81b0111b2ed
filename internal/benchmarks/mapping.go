package benchmarks

import (
	"slices"
	"strings"

	"github.com/csidesk/csidesk/internal/imports"
)

// Column is a field of a results file.
type Column struct {
	Name     string
	Required bool
}

// Columns are the fields of a results file, in the order the mapping form shows them.
var Columns = []Column{
	{"programme", true}, {"quarter", true}, {"item", true}, {"score", true},
	{"national", false}, {"regional", false}, {"rank", false},
}

// headerNames lists, per field, the headers results files use for it, in Chinese and English,
// compared without case, spaces, "_" and "-".
var headerNames = map[string][]string{
	"programme": {"programme", "program", "type", "category", "类别", "项目类型", "考核类型", "调研类型", "类型", "考核类别"},
	"quarter":   {"quarter", "period", "季度", "考核季度", "期间", "考核期间", "时间"},
	"item":      {"item", "itemname", "question", "项目", "考核项目", "项目名称", "指标", "考核指标", "评分项", "题目"},
	"score":     {"score", "storescore", "dealerscore", "得分", "本店得分", "门店得分", "经销商得分", "分数", "成绩", "本店成绩"},
	"national": {"national", "nationalaverage", "nationalavg", "全国平均", "全国均分", "全国平均分", "全国均值",
		"全国平均水平", "全国"},
	"regional": {"regional", "regionalaverage", "regionalavg", "regionaverage", "区域平均", "区域均分", "区域平均分",
		"区域均值", "小区平均", "小区均分", "小区平均分", "小区平均水平", "大区平均", "区域", "小区"},
	"rank": {"rank", "ranking", "排名", "名次", "区域排名", "小区排名", "全国排名"},
}

// columnNames are the names of Columns.
func columnNames() []string {
	out := make([]string, len(Columns))
	for i, c := range Columns {
		out[i] = c.Name
	}
	return out
}

// guess maps the file's columns from their headers, over which saved (the mapping of the
// store's last file) lies as far as the file has its columns.
func guess(saved imports.Mapping, header []string) imports.Mapping {
	return saved.Over(imports.GuessColumns(headerNames, columnNames(), header), header)
}

// checkMapping returns an error key for each required field without a column, and for a column
// named that the file does not have.
func checkMapping(m imports.Mapping, header []string) map[string]string {
	errs := map[string]string{}
	for _, c := range Columns {
		col := m[c.Name]
		switch {
		case col == "" && c.Required:
			errs[c.Name] = "imports.column_required"
		case col != "" && !slices.Contains(header, col):
			errs[c.Name] = "validation.choice"
		}
	}
	return errs
}

// programmeNames lists, per programme, how results files name it, compared without case and
// spaces.
var programmeNames = map[Programme][]string{
	CSI:        {"csi", "售后满意度", "售后csi", "服务满意度", "客户满意度", "售后客户满意度"},
	SSI:        {"ssi", "销售满意度", "销售ssi", "销售客户满意度"},
	Mystery:    {"mystery", "mysteryshopper", "mysteryshopping", "神秘客", "神秘顾客", "神秘客户", "神秘访客", "暗访"},
	Inspection: {"inspection", "openinspection", "audit", "明检", "明查", "明察", "现场检查", "现场审核"},
}

// parseProgramme reads a programme as a results file names it.
func parseProgramme(s string) (Programme, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(s), ""))
	for p, names := range programmeNames {
		if slices.Contains(names, key) {
			return p, true
		}
	}
	return "", false
}
