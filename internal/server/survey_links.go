package server

import (
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/links"
)

// registerSurveyLinkRoutes mounts the customer's pages of a survey link. They need no login and
// read no session: the link's token alone opens its survey, and the pages set no cookie. Posts
// from another site are refused all the same, so that no other page can unsubscribe a customer.
func (s *Server) registerSurveyLinkRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.crossOrigin, limitBody, privatePage)
		r.Get("/s/thanks", s.handleLinkNotice("links.thanks_title", "links.thanks_text"))
		r.Get("/s/unsubscribed", s.handleLinkNotice("links.unsubscribed_title", "links.unsubscribed_text"))
		r.Get("/s/{token}", s.handleSurveyLink)
		r.Post("/s/{token}", s.handleSurveyLinkAnswers)
		r.Get("/s/{token}/unsubscribe", s.handleLinkUnsubscribePage)
		r.Post("/s/{token}/unsubscribe", s.handleLinkUnsubscribe)
	})
}

// privatePage keeps a survey link's pages out of caches and search engines: their address opens
// the customer's survey.
func privatePage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		next.ServeHTTP(w, r)
	})
}

// handleSurveyLink serves GET /s/{token}: the customer's survey with the answers given so far.
func (s *Server) handleSurveyLink(w http.ResponseWriter, r *http.Request) {
	sv, r, ok := s.openLink(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, views.Survey(surveyLinkPage(r, sv, nil, r.URL.Query().Get("saved") == "1")))
}

// handleSurveyLinkAnswers serves POST /s/{token}: the answers sent are saved and, with
// complete=1, the survey is submitted and the customer thanked. The page's script sends each
// answer as it is given (X-Autosave) and gets 204, or 422 with the message; without the script
// the form's buttons send every answer and see the page again, saved or with its messages.
func (s *Server) handleSurveyLinkAnswers(w http.ResponseWriter, r *http.Request) {
	sv, r, ok := s.openLink(w, r)
	if !ok {
		return
	}
	token, client := chi.URLParam(r, "token"), s.clientAddr(r)
	err := postedText(r)
	answers := postedAnswers(r.PostForm, sv.Items)
	if err == nil {
		err = s.links.Answer(r.Context(), client, token, answers)
	}
	if r.Header.Get("X-Autosave") != "" {
		s.autosaveResult(w, r, err)
		return
	}
	complete := r.PostForm.Get("complete") == "1"
	if err == nil && complete {
		err = s.links.Complete(r.Context(), client, token)
	}
	lang := i18n.From(r.Context()).Lang
	switch errs := fieldErrors(err); {
	case errs != nil:
		sv.Answers = withSent(sv.Answers, answers)
		s.render(w, r, http.StatusUnprocessableEntity, views.Survey(surveyLinkPage(r, sv, errs, false)))
	case err != nil:
		s.linkFail(w, r, err)
	case complete:
		http.Redirect(w, r, "/s/thanks?lang="+lang, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/s/"+url.PathEscape(token)+"?lang="+lang+"&saved=1", http.StatusSeeOther)
	}
}

// handleLinkUnsubscribePage serves GET /s/{token}/unsubscribe: the customer confirms that the
// store is not to contact them again.
func (s *Server) handleLinkUnsubscribePage(w http.ResponseWriter, r *http.Request) {
	sv, r, ok := s.openLink(w, r)
	if !ok {
		return
	}
	p := views.UnsubscribePage{Frame: linkFrame(r, sv), Token: chi.URLParam(r, "token")}
	s.render(w, r, http.StatusOK, views.Unsubscribe(p))
}

// handleLinkUnsubscribe serves POST /s/{token}/unsubscribe: the customer is not to be contacted
// again, and the link closes.
func (s *Server) handleLinkUnsubscribe(w http.ResponseWriter, r *http.Request) {
	r = s.linkLocale(r, "")
	if err := s.links.Unsubscribe(r.Context(), s.clientAddr(r), chi.URLParam(r, "token")); err != nil {
		s.linkFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/s/unsubscribed?lang="+i18n.From(r.Context()).Lang, http.StatusSeeOther)
}

// handleLinkNotice serves a page of a survey link that says one thing and needs no token: GET
// /s/thanks after the survey is submitted, GET /s/unsubscribed after the customer unsubscribed.
func (s *Server) handleLinkNotice(titleKey, textKey string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.renderLinkNotice(w, s.linkLocale(r, ""), http.StatusOK, titleKey, textKey)
	}
}

// openLink reads the survey of the link in the address and puts the page's language into the
// request; ok is false when it has answered the request itself, the link being no longer open,
// guessed at too often from the client's address, or the database away.
func (s *Server) openLink(w http.ResponseWriter, r *http.Request) (links.Survey, *http.Request, bool) {
	sv, err := s.links.Open(r.Context(), s.clientAddr(r), chi.URLParam(r, "token"))
	if err != nil {
		s.linkFail(w, s.linkLocale(r, ""), err)
		return sv, r, false
	}
	return sv, s.linkLocale(r, sv.Language), true
}

// linkLocale puts the language of a survey link's page into the request: the one its address
// asks for (?lang=, the page's switch), else the link's own, else the browser's.
func (s *Server) linkLocale(r *http.Request, linkLang string) *http.Request {
	lang := r.URL.Query().Get("lang")
	if !slices.Contains(i18n.Languages, lang) {
		lang = linkLang
	}
	if lang == "" {
		lang = s.i18n.Match(r.Header.Get("Accept-Language"))
	}
	return r.WithContext(i18n.With(r.Context(), s.i18n.Localizer(lang)))
}

// linkFail answers a survey link that could not be opened or acted on with a page of the link's
// own frame, which leads nowhere into the application: a link no longer open (unknown, expired,
// submitted or unsubscribed, alike) 404, too many guesses 429, and the rest the page of their
// status.
func (s *Server) linkFail(w http.ResponseWriter, r *http.Request, err error) {
	err = s.triage(r, err)
	code := apperr.CodeOf(err)
	title, text := "links.unavailable_title", "links.unavailable_text"
	switch code {
	case apperr.NotFound:
		title, text = "links.gone_title", "links.gone_text"
	case apperr.TooMany:
		title, text = "links.too_many_title", "links.too_many_text"
	case apperr.Invalid, apperr.TooLarge:
		title, text = "links.bad_request_title", "links.bad_request_text"
	}
	s.renderLinkNotice(w, r, statusOf(code), title, text)
}

func (s *Server) renderLinkNotice(w http.ResponseWriter, r *http.Request, code int, titleKey, textKey string) {
	p := views.NoticePage{Frame: linkFrame(r, links.Survey{}), TitleKey: titleKey, TextKey: textKey}
	s.render(w, r, code, views.Notice(p))
}

// linkFrame is the frame of a survey link's page in the request's language, with the store of
// the link's survey when there is one.
func linkFrame(r *http.Request, sv links.Survey) views.Frame {
	return views.Frame{Lang: i18n.From(r.Context()).Lang, StoreName: sv.StoreName, Brand: sv.Brand, Path: r.URL.EscapedPath()}
}

func surveyLinkPage(r *http.Request, sv links.Survey, errs components.Errors, saved bool) views.SurveyPage {
	return views.SurveyPage{Frame: linkFrame(r, sv), Survey: sv, Token: chi.URLParam(r, "token"), Errs: errs, Saved: saved}
}

// withSent is the survey's saved answers with those just sent over them, refused ones too, so
// that the page shown again with its messages keeps what the customer chose.
func withSent(saved map[int64]followups.Answer, sent []followups.Answer) map[int64]followups.Answer {
	out := make(map[int64]followups.Answer, len(saved)+len(sent))
	maps.Copy(out, saved)
	for _, a := range sent {
		out[a.ItemID] = a
	}
	return out
}
