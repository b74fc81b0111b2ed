// Package links renders the customer's side of a survey link: the survey page, reached by the
// link's token alone with no login, and the short pages around it (thanks, unsubscribe, a link no
// longer open). They have a frame of their own, built for a phone, with the store that sent the
// link at the top and none of the application's navigation.
package links

import (
	"fmt"
	"net/url"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/web/views/components"
)

// Frame is what every page of a survey link shows around its content: the page's language, the
// store that sent the link when the page knows it, and the page's own address, which the
// language switch asks again in the other language.
type Frame struct {
	Lang      string
	StoreName string
	Brand     string
	Path      string
}

// SurveyPage is the customer's survey: the questions, with the answers given so far.
type SurveyPage struct {
	Frame
	Survey links.Survey
	// Token is the link's token, from the page's address; the page posts back to it.
	Token string
	Errs  components.Errors
	// Saved says that the form's save button has just saved the answers.
	Saved bool
}

// UnsubscribePage asks the customer to confirm that the store is not to contact them again.
type UnsubscribePage struct {
	Frame
	Token string
}

// NoticePage is a page that says one thing: the thanks, the link no longer open, …; its
// heading and text are catalog keys.
type NoticePage struct {
	Frame
	TitleKey string
	TextKey  string
}

// otherLang is the language the switch offers: English on a Chinese page and back.
func otherLang(lang string) string {
	if lang == "en" {
		return "zh-CN"
	}
	return "en"
}

// inLang is a page of the link's in language lang.
func inLang(path, lang string) templ.SafeURL {
	return templ.SafeURL(path + "?lang=" + url.QueryEscape(lang))
}

// surveyPath is the address of the link's survey, or of one of its pages (such as
// "/unsubscribe"), in language lang.
func surveyPath(token, page, lang string) templ.SafeURL {
	return inLang("/s/"+url.PathEscape(token)+page, lang)
}

// minutes is about how long the survey takes: four questions a minute, one at least.
func minutes(n int) int { return max(1, (n+3)/4) }

// given is the value of the customer's answer to an item, "" when not answered.
func given(p SurveyPage, it surveys.Item) string {
	if a, ok := p.Survey.Answers[it.ID]; ok && a.Value != nil {
		return fmt.Sprint(*a.Value)
	}
	return ""
}

// field is the form field of an item, which its errors are keyed by.
func field(it surveys.Item) string { return followups.ItemField(it.ID) }

// firstMarked is the field of the first question whose answer was refused, which the page's
// message leads to.
func firstMarked(p SurveyPage) string {
	for _, it := range p.Survey.Items {
		if p.Errs[field(it)] != "" {
			return field(it)
		}
	}
	return ""
}
