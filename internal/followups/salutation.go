package followups

import (
	"strings"
	"unicode"
)

// Salutation is how an agent addresses a customer, in Chinese and in English: the surname with
// 先生 or 女士 ("丁女士", "Ms Ding") when the gender is known. When it is not, the Chinese form
// is the full name with both titles, for the agent to choose as they hear the customer.
// A Latin-script name ("Anna Weber") has its surname last.
func Salutation(name, gender string) (zh, en string) {
	name = strings.TrimSpace(name)
	surname, latin := splitSurname(name)
	roman := surname
	if !latin {
		roman = surnamePinyin[surname]
		if roman == "" {
			roman = surname // a rare surname: better read as written than left out
		}
	}
	switch gender {
	case "male":
		return surname + "先生", "Mr " + roman
	case "female":
		return surname + "女士", "Ms " + roman
	}
	return name + "先生/女士", "Mr/Ms " + roman
}

// splitSurname finds a name's surname: the last word of a Latin-script name, else a compound
// surname (欧阳) when the name is long enough to carry one, else the first character.
func splitSurname(name string) (surname string, latin bool) {
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		words := strings.Fields(name)
		if len(words) == 0 {
			return "", true
		}
		return words[len(words)-1], true
	}
	runes := []rune(name)
	if len(runes) > 2 {
		if _, ok := surnamePinyin[string(runes[:2])]; ok {
			return string(runes[:2]), false
		}
	}
	return string(runes[:1]), false
}

// surnamePinyin spells the common surnames, compound ones included, as they are read when they
// are surnames (曾 Zeng, 单 Shan, 仇 Qiu), covering nearly every customer a dealer has.
var surnamePinyin = map[string]string{
	"王": "Wang", "李": "Li", "张": "Zhang", "刘": "Liu", "陈": "Chen", "杨": "Yang", "黄": "Huang", "赵": "Zhao",
	"吴": "Wu", "周": "Zhou", "徐": "Xu", "孙": "Sun", "马": "Ma", "朱": "Zhu", "胡": "Hu", "郭": "Guo",
	"何": "He", "高": "Gao", "林": "Lin", "罗": "Luo", "郑": "Zheng", "梁": "Liang", "谢": "Xie", "宋": "Song",
	"唐": "Tang", "许": "Xu", "韩": "Han", "冯": "Feng", "邓": "Deng", "曹": "Cao", "彭": "Peng", "曾": "Zeng",
	"肖": "Xiao", "田": "Tian", "董": "Dong", "袁": "Yuan", "潘": "Pan", "于": "Yu", "蒋": "Jiang", "蔡": "Cai",
	"余": "Yu", "杜": "Du", "叶": "Ye", "程": "Cheng", "苏": "Su", "魏": "Wei", "吕": "Lü", "丁": "Ding",
	"任": "Ren", "沈": "Shen", "姚": "Yao", "卢": "Lu", "姜": "Jiang", "崔": "Cui", "钟": "Zhong", "谭": "Tan",
	"陆": "Lu", "汪": "Wang", "范": "Fan", "金": "Jin", "石": "Shi", "廖": "Liao", "贾": "Jia", "夏": "Xia",
	"韦": "Wei", "付": "Fu", "傅": "Fu", "方": "Fang", "白": "Bai", "邹": "Zou", "孟": "Meng", "熊": "Xiong",
	"秦": "Qin", "邱": "Qiu", "江": "Jiang", "尹": "Yin", "薛": "Xue", "闫": "Yan", "阎": "Yan", "段": "Duan",
	"雷": "Lei", "侯": "Hou", "龙": "Long", "史": "Shi", "陶": "Tao", "黎": "Li", "贺": "He", "顾": "Gu",
	"毛": "Mao", "郝": "Hao", "龚": "Gong", "邵": "Shao", "万": "Wan", "钱": "Qian", "严": "Yan", "覃": "Qin",
	"武": "Wu", "戴": "Dai", "莫": "Mo", "孔": "Kong", "向": "Xiang", "汤": "Tang", "常": "Chang", "温": "Wen",
	"康": "Kang", "施": "Shi", "文": "Wen", "牛": "Niu", "樊": "Fan", "葛": "Ge", "邢": "Xing", "安": "An",
	"齐": "Qi", "易": "Yi", "乔": "Qiao", "伍": "Wu", "庞": "Pang", "颜": "Yan", "倪": "Ni", "庄": "Zhuang",
	"聂": "Nie", "章": "Zhang", "鲁": "Lu", "岳": "Yue", "翟": "Zhai", "殷": "Yin", "詹": "Zhan", "申": "Shen",
	"欧": "Ou", "耿": "Geng", "关": "Guan", "兰": "Lan", "焦": "Jiao", "俞": "Yu", "左": "Zuo", "柳": "Liu",
	"甘": "Gan", "祝": "Zhu", "包": "Bao", "宁": "Ning", "尚": "Shang", "符": "Fu", "舒": "Shu", "阮": "Ruan",
	"柯": "Ke", "纪": "Ji", "梅": "Mei", "童": "Tong", "凌": "Ling", "毕": "Bi", "单": "Shan", "季": "Ji",
	"裴": "Pei", "霍": "Huo", "涂": "Tu", "成": "Cheng", "苗": "Miao", "谷": "Gu", "盛": "Sheng", "曲": "Qu",
	"翁": "Weng", "冉": "Ran", "骆": "Luo", "蓝": "Lan", "路": "Lu", "游": "You", "辛": "Xin", "靳": "Jin",
	"管": "Guan", "柴": "Chai", "蒙": "Meng", "鲍": "Bao", "华": "Hua", "喻": "Yu", "祁": "Qi", "蒲": "Pu",
	"房": "Fang", "滕": "Teng", "屈": "Qu", "饶": "Rao", "解": "Xie", "牟": "Mou", "艾": "Ai", "尤": "You",
	"阳": "Yang", "时": "Shi", "穆": "Mu", "农": "Nong", "司": "Si", "卓": "Zhuo", "古": "Gu", "吉": "Ji",
	"缪": "Miao", "简": "Jian", "车": "Che", "项": "Xiang", "连": "Lian", "芦": "Lu", "麦": "Mai", "褚": "Chu",
	"娄": "Lou", "窦": "Dou", "戚": "Qi", "岑": "Cen", "景": "Jing", "党": "Dang", "宫": "Gong", "费": "Fei",
	"卜": "Bu", "冷": "Leng", "晏": "Yan", "席": "Xi", "卫": "Wei", "米": "Mi", "柏": "Bai", "宗": "Zong",
	"瞿": "Qu", "桂": "Gui", "全": "Quan", "佟": "Tong", "应": "Ying", "臧": "Zang", "闵": "Min", "苟": "Gou",
	"邬": "Wu", "边": "Bian", "卞": "Bian", "姬": "Ji", "师": "Shi", "和": "He", "仇": "Qiu", "栾": "Luan",
	"隋": "Sui", "商": "Shang", "刁": "Diao", "沙": "Sha", "荣": "Rong", "巫": "Wu", "寇": "Kou", "桑": "Sang",
	"郎": "Lang", "甄": "Zhen", "丛": "Cong", "仲": "Zhong", "虞": "Yu", "敖": "Ao", "巩": "Gong", "明": "Ming",
	"佘": "She", "池": "Chi", "查": "Zha", "麻": "Ma", "苑": "Yuan", "迟": "Chi", "邝": "Kuang", "朴": "Piao",
	"欧阳": "Ouyang", "司马": "Sima", "上官": "Shangguan", "诸葛": "Zhuge", "东方": "Dongfang", "皇甫": "Huangfu",
	"尉迟": "Yuchi", "公孙": "Gongsun", "慕容": "Murong", "长孙": "Zhangsun", "令狐": "Linghu", "夏侯": "Xiahou",
	"司徒": "Situ", "端木": "Duanmu", "宇文": "Yuwen", "轩辕": "Xuanyuan", "西门": "Ximen", "南宫": "Nangong",
}
