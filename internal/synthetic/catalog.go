package synthetic

import (
	"fmt"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// brand is a make the synthetic stores sell: its name, the manufacturer code that starts its
// VINs, and five models.
type brand struct {
	name, short, wmi string
	models           [5]string
}

var brands = []brand{
	{"BMW 宝马", "宝马", "LBV", [5]string{"3系", "5系", "X1", "X3", "iX3"}},
	{"Toyota 丰田", "丰田", "LVG", [5]string{"凯美瑞", "汉兰达", "威兰达", "雷凌", "bZ4X"}},
	{"Audi 奥迪", "奥迪", "LFV", [5]string{"A4L", "A6L", "Q3", "Q5L", "Q4 e-tron"}},
	{"Honda 本田", "本田", "LHG", [5]string{"雅阁", "思域", "CR-V", "皓影", "e:NP1"}},
	{"Buick 别克", "别克", "LSG", [5]string{"君威", "君越", "昂科威", "GL8", "微蓝 6"}},
	{"Mercedes-Benz 奔驰", "奔驰", "LE4", [5]string{"C 级", "E 级", "GLC", "GLE", "EQE"}},
	{"Volkswagen 大众", "大众", "LSV", [5]string{"帕萨特", "迈腾", "途观 L", "朗逸", "ID.4"}},
}

// region is a province (or municipality) with four cities or districts, and the character
// that starts its plates.
type region struct {
	name, plate string
	cities      [4]string
}

var regions = []region{
	{"上海", "沪", [4]string{"浦东新区", "闵行区", "徐汇区", "嘉定区"}},
	{"浙江", "浙", [4]string{"杭州", "宁波", "绍兴", "温州"}},
	{"江苏", "苏", [4]string{"南京", "苏州", "无锡", "常州"}},
	{"广东", "粤", [4]string{"广州", "深圳", "佛山", "东莞"}},
	{"北京", "京", [4]string{"朝阳区", "海淀区", "丰台区", "通州区"}},
	{"四川", "川", [4]string{"成都", "绵阳", "德阳", "宜宾"}},
	{"湖北", "鄂", [4]string{"武汉", "宜昌", "襄阳", "荆州"}},
	{"山东", "鲁", [4]string{"济南", "青岛", "烟台", "潍坊"}},
	{"福建", "闽", [4]string{"福州", "厦门", "泉州", "漳州"}},
	{"湖南", "湘", [4]string{"长沙", "株洲", "湘潭", "岳阳"}},
}

// Names: the fifty commonest surnames, commonest first (customers draw them skewed to the
// front, so that names repeat as they do in life), and given names by gender.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"

var (
	maleNames   = []string{"伟", "强", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "刚", "平", "建华", "志强", "俊杰", "子轩", "浩然", "宇航"}
	femaleNames = []string{"芳", "娜", "敏", "静", "艳", "娟", "秀英", "丽", "桂英", "晓燕", "海燕", "欣怡", "雨涵", "思彤", "佳怡", "婷"}
	// staffNames name sales consultants (eight per store) and service advisors (six per store),
	// a different window of the list in each store.
	staffNames = []string{"郑爽", "王琳", "马骏", "何欢", "孙浩", "周敏", "吴磊", "钱进", "冯晓东", "陈思远", "褚明月",
		"卫国庆", "蒋文博", "沈佳琪", "韩立", "杨帆"}
	workshopGroups = []string{"机电一组", "机电二组", "钣喷组"}
	workTypes      = []string{"maintenance", "maintenance", "maintenance", "repair", "repair", "body_paint", "warranty", "accessory"}
)

// Password is every synthetic user's password.
const Password = "Synthetic@2026"

// Login is one synthetic user of every group: the e-mail's local part, a name and a role;
// AllStores gives the role in every store, and Dept names a department of the first store.
type Login struct {
	Local     string
	Name      string
	Role      auth.Role
	AllStores bool
	Dept      tenancy.DepartmentKind
}

// Logins are the users of each synthetic group, one per role.
var Logins = []Login{
	{"admin", "赵磊", auth.Admin, false, ""},
	{"gm", "王建国", auth.GM, false, ""},
	{"csm", "李娜", auth.CSManager, true, ""},
	{"agent", "陈晓燕", auth.Agent, true, ""},
	{"manager", "刘强", auth.DeptManager, false, tenancy.AfterSales},
	{"staff", "张伟", auth.Staff, false, tenancy.AfterSales},
}

// Email is a login's address in group number g (from 1): agent@t01.synthetic.test.
func (l Login) Email(g int) string { return fmt.Sprintf("%s@t%02d.synthetic.test", l.Local, g) }

// GroupName is the name of synthetic group number g (from 1).
func GroupName(g int) string { return fmt.Sprintf("Synthetic Group %02d", g) }

// storeOf describes store number i (from 0) of group g: its brand and region rotate, so that
// the groups differ and no two stores of a group share a name.
func storeOf(g, i int) (tenancy.Store, int, int) {
	b, r := (g+i)%len(brands), (3*g+i)%len(regions)
	st := tenancy.NewStore()
	st.Name = fmt.Sprintf("%s%s %d 号店", brands[b].short, regions[r].cities[0], i+1)
	st.Brand = brands[b].name
	st.Region = regions[r].name + " " + regions[r].cities[0]
	return st, b, r
}

// catalogArgs are the lists above as query arguments, flattened with fixed strides (five models
// per brand, four cities per region), so that SQL picks from them by number.
func catalogArgs() map[string]any {
	var wmis, brandNames, models, regionNames, plates, cities []string
	for _, b := range brands {
		wmis = append(wmis, b.wmi)
		brandNames = append(brandNames, b.short)
		models = append(models, b.models[:]...)
	}
	for _, r := range regions {
		regionNames = append(regionNames, r.name)
		plates = append(plates, r.plate)
		cities = append(cities, r.cities[:]...)
	}
	var surnameList []string
	for _, s := range surnames {
		surnameList = append(surnameList, string(s))
	}
	return map[string]any{
		"wmis": wmis, "brand_names": brandNames, "models": models, "region_names": regionNames, "plates": plates, "cities": cities,
		"surnames": surnameList, "male": maleNames, "female": femaleNames, "people": staffNames,
		"groups": workshopGroups, "work_types": workTypes,
	}
}
