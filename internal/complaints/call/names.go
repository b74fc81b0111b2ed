package call

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/surveys"
)

// elementNames name the items by the part of the CSI model they measure where that says what
// they ask, whatever their wording: the overall verdict, the will to come back and recommend,
// expectations, and whether anything went wrong.
var elementNames = map[surveys.Element][2]string{
	surveys.Satisfaction: {"总体满意度", "Overall satisfaction"},
	surveys.Loyalty:      {"推荐意愿", "Likelihood to recommend"},
	surveys.Expectation:  {"期望达成", "Expectations met"},
	surveys.Complaint:    {"各环节是否满意", "Happy with every part"},
}

// The longest names: a form lists several, each on one line of a phone's screen.
const (
	maxNameZH = 16 // runes
	maxNameEN = 48 // bytes, of ASCII text
)

var (
	aside   = regexp.MustCompile(`^\s*[（(][^）)]*[）)]\s*`)
	aboutZH = regexp.MustCompile(`对(.+?)是否满意`)
	aboutEN = regexp.MustCompile(`(?i)satisfied (?:were|are) you with (.+?)(?:\s+[—-]|\?|,|$)`)
	// a clause that asks: the one a yes/no question's name is taken from
	asksZH      = regexp.MustCompile(`是否|有没有|吗|多大|怎么样`)
	asksEN      = regexp.MustCompile(`(?i)^(was|were|is|are|has|have|did|do|does|how|would|will|could|can)\b`)
	clausesZH   = regexp.MustCompile(`[^，。？！；：,.?!;:]+`)
	clausesEN   = regexp.MustCompile(`[^—,.?!;:]+`)
	fillersZH   = []string{"请问", "您对", "在我店", "我店", "这次的", "这次", "本次的", "本次", "您的"}
	fillersEN   = []string{"with ", "our ", "your ", "the "}
	nameCleaner = strings.NewReplacer("\n", " ", "\t", " ")
)

// ItemName is the short name of a questionnaire item in Chinese and English, for a complaint
// that lists the call's low answers: what the item's question asks about ("销售顾问的服务态度"
// from "请问您对销售顾问的服务态度是否满意？…"), or the part of the CSI model it measures where
// that says more. Items carry no name of their own, so it is read from their wording.
func ItemName(textZH, textEN string, element surveys.Element) (zh, en string) {
	if n, ok := elementNames[element]; ok {
		return n[0], n[1]
	}
	return nameZH(textZH), nameEN(textEN)
}

// nameZH is what a Chinese question asks about: the object of "对…是否满意", else its first
// clause that asks, without its courtesies.
func nameZH(text string) string {
	text = aside.ReplaceAllString(nameCleaner.Replace(text), "")
	name := ""
	if m := aboutZH.FindStringSubmatch(text); m != nil {
		name = m[1]
	} else {
		name = askingClause(clausesZH.FindAllString(text, -1), asksZH.MatchString)
	}
	name = trimFillers(strings.TrimSpace(name), fillersZH)
	if utf8.RuneCountInString(name) > maxNameZH {
		name = string([]rune(name)[:maxNameZH-1]) + "…"
	}
	return name
}

// nameEN is what an English question asks about: the object of "satisfied were you with …",
// else its first clause that asks, capitalised and cut at a word.
func nameEN(text string) string {
	text = aside.ReplaceAllString(nameCleaner.Replace(text), "")
	name := ""
	if m := aboutEN.FindStringSubmatch(text); m != nil {
		name = trimFillers(strings.TrimSpace(m[1]), fillersEN)
	} else {
		name = askingClause(clausesEN.FindAllString(text, -1), func(s string) bool { return asksEN.MatchString(strings.TrimSpace(s)) })
	}
	name = strings.TrimSpace(name)
	if len(name) > maxNameEN {
		cut := strings.LastIndexByte(name[:maxNameEN], ' ')
		if cut <= 0 {
			cut = maxNameEN
		}
		name = strings.TrimRight(name[:cut], " ,") + "…"
	}
	if name == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// askingClause is the first clause that asks, else the first.
func askingClause(clauses []string, asks func(string) bool) string {
	for _, c := range clauses {
		if asks(c) {
			return c
		}
	}
	if len(clauses) > 0 {
		return clauses[0]
	}
	return ""
}

// trimFillers drops the leading courtesies and determiners, as often as they lead.
func trimFillers(s string, fillers []string) string {
	for trimmed := true; trimmed; {
		trimmed = false
		for _, f := range fillers {
			if t := strings.TrimPrefix(s, f); t != s && t != "" {
				s, trimmed = strings.TrimSpace(t), true
			}
		}
	}
	return s
}
