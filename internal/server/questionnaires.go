package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/surveys"
	views "github.com/csidesk/csidesk/web/views/surveys"
)

func (s *Server) registerQuestionnaireRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayEditSurveys))
		r.Get("/questionnaires", s.handleQuestionnaireList)
		r.Post("/questionnaires/defaults", s.handleQuestionnaireDefaults)
		r.Get("/questionnaires/{questionnaireID}", s.handleQuestionnaireShow)
		r.Get("/questionnaires/{questionnaireID}/preview", s.handleQuestionnairePreview)
		r.Post("/questionnaires/{questionnaireID}/items", s.handleItemCreate)
		r.Get("/questionnaires/{questionnaireID}/items/{position}/edit", s.handleItemEdit)
		r.Post("/questionnaires/{questionnaireID}/items/{position}", s.handleItemUpdate)
		r.Post("/questionnaires/{questionnaireID}/items/{position}/delete", s.handleItemDelete)
		r.Post("/questionnaires/{questionnaireID}/items/{position}/move", s.handleItemMove)
		r.Get("/questionnaires/{questionnaireID}/script/edit", s.handleScriptEdit)
		r.Post("/questionnaires/{questionnaireID}/script", s.handleScriptUpdate)
	})
}

// handleQuestionnaireList serves GET /questionnaires.
func (s *Server) handleQuestionnaireList(w http.ResponseWriter, r *http.Request) {
	list, err := s.surveys.Overview(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Overview(s.shell(w, r, "surveys.title"), list))
}

// handleQuestionnaireDefaults serves POST /questionnaires/defaults: the default questionnaires
// for a store that has none of some kind.
func (s *Server) handleQuestionnaireDefaults(w http.ResponseWriter, r *http.Request) {
	storeID, err := strconv.ParseInt(r.PostFormValue("store_id"), 10, 64)
	if err == nil {
		_, err = s.tenancy.Store(r.Context(), principal(r).TenantID, storeID)
	} else {
		err = apperr.New(apperr.Invalid, "status.400.title")
	}
	if err == nil {
		err = s.surveys.EnsureDefaults(r.Context(), principal(r).TenantID, storeID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/questionnaires", "flash.defaults_applied")
}

// questionnairePage loads the questionnaire in the path with its store's departments.
func (s *Server) questionnairePage(r *http.Request) (views.QuestionnairePage, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	id, err := pathID(r, "questionnaireID")
	if err != nil {
		return views.QuestionnairePage{}, err
	}
	var p views.QuestionnairePage
	if p.Q, p.Latest, err = s.surveys.Get(ctx, tenantID, id); err != nil {
		return p, err
	}
	st, err := s.tenancy.Store(ctx, tenantID, p.Q.StoreID)
	if err != nil {
		return p, err
	}
	p.StoreName = st.Name
	p.Depts, err = s.tenancy.Departments(ctx, tenantID, p.Q.StoreID)
	return p, err
}

// handleQuestionnaireShow serves GET /questionnaires/{questionnaireID}.
func (s *Server) handleQuestionnaireShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.questionnairePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	add := surveys.Item{Scale: surveys.Five, Weight: 1, Mandatory: true, DepartmentID: homeDepartment(p)}
	s.render(w, r, http.StatusOK, views.Show(s.shell(w, r, "surveys.title"), p, add, nil))
}

// handleQuestionnairePreview serves GET /questionnaires/{questionnaireID}/preview.
func (s *Server) handleQuestionnairePreview(w http.ResponseWriter, r *http.Request) {
	p, err := s.questionnairePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Preview(s.shell(w, r, "surveys.preview"), p))
}

// homeDepartment is the store's department a new item of the page's questionnaire is scored
// for until the editor picks another (surveys.Kind.HomeDepartment); 0 when the store has none
// of that kind.
func homeDepartment(p views.QuestionnairePage) int64 {
	home := p.Q.Kind.HomeDepartment()
	for _, d := range p.Depts {
		if d.Kind == home {
			return d.ID
		}
	}
	return 0
}

type itemForm struct {
	NameZH       string   `form:"name_zh"`
	NameEN       string   `form:"name_en"`
	TextZH       string   `form:"text_zh"`
	TextEN       string   `form:"text_en"`
	Scale        string   `form:"scale"`
	Weight       float64  `form:"weight"`
	DepartmentID int64    `form:"department_id"`
	Element      string   `form:"element"`
	Mandatory    bool     `form:"mandatory"`
	WorkTypes    []string `form:"work_types"`
}

func (f itemForm) item(position int) surveys.Item {
	return surveys.Item{Position: position, NameZH: f.NameZH, NameEN: f.NameEN, TextZH: f.TextZH, TextEN: f.TextEN,
		Scale: surveys.Scale(f.Scale), Weight: f.Weight, DepartmentID: f.DepartmentID, Element: surveys.Element(f.Element),
		Mandatory: f.Mandatory, WorkTypes: f.WorkTypes}
}

// savedFlash is the message after an item was saved: a warning when only one language's text
// changed, naming the language that may now be out of date.
func savedFlash(saved surveys.Saved) (kind, key string) {
	switch saved.Stale {
	case surveys.EN:
		return "warn", "flash.item_saved_en_stale"
	case surveys.ZH:
		return "warn", "flash.item_saved_zh_stale"
	}
	return "ok", "flash.item_saved"
}

// handleItemCreate serves POST /questionnaires/{questionnaireID}/items.
func (s *Server) handleItemCreate(w http.ResponseWriter, r *http.Request) {
	p, err := s.questionnairePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f itemForm
	var saved surveys.Saved
	errs, ok := s.submit(w, r, &f, func() (err error) {
		saved, err = s.surveys.SaveItem(r.Context(), principal(r).TenantID, principal(r).UserID, p.Q.ID, f.item(0))
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		s.render(w, r, http.StatusUnprocessableEntity, views.Show(s.shell(w, r, "surveys.title"), p, f.item(0), errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/questionnaires/%d", saved.ID), "flash.item_saved")
	}
}

// questionnaireItem loads the questionnaire in the path and its item at the position in the
// path.
func (s *Server) questionnaireItem(r *http.Request) (views.QuestionnairePage, surveys.Item, error) {
	p, err := s.questionnairePage(r)
	if err != nil {
		return p, surveys.Item{}, err
	}
	pos, err := strconv.Atoi(chi.URLParam(r, "position"))
	for _, it := range p.Q.Items {
		if err == nil && it.Position == pos {
			return p, it, nil
		}
	}
	return p, surveys.Item{}, apperr.New(apperr.NotFound, "error.not_found")
}

// handleItemEdit serves GET /questionnaires/{questionnaireID}/items/{position}/edit.
func (s *Server) handleItemEdit(w http.ResponseWriter, r *http.Request) {
	p, it, err := s.questionnaireItem(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.ItemForm(s.shell(w, r, "surveys.edit_item"), p, it, nil))
}

// handleItemUpdate serves POST /questionnaires/{questionnaireID}/items/{position}.
func (s *Server) handleItemUpdate(w http.ResponseWriter, r *http.Request) {
	p, it, err := s.questionnaireItem(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f itemForm
	var saved surveys.Saved
	errs, ok := s.submit(w, r, &f, func() (err error) {
		upd := f.item(it.Position)
		upd.ID = it.ID
		saved, err = s.surveys.SaveItem(r.Context(), principal(r).TenantID, principal(r).UserID, p.Q.ID, upd)
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		upd := f.item(it.Position)
		upd.Stale = it.Stale
		s.render(w, r, http.StatusUnprocessableEntity, views.ItemForm(s.shell(w, r, "surveys.edit_item"), p, upd, errs))
	default:
		kind, key := savedFlash(saved)
		s.flash(w, kind, key)
		s.redirect(w, r, fmt.Sprintf("/questionnaires/%d", saved.ID), "")
	}
}

// handleItemDelete serves POST /questionnaires/{questionnaireID}/items/{position}/delete.
func (s *Server) handleItemDelete(w http.ResponseWriter, r *http.Request) {
	p, it, err := s.questionnaireItem(r)
	var target int64
	if err == nil {
		target, err = s.surveys.DeleteItem(r.Context(), principal(r).TenantID, principal(r).UserID, p.Q.ID, it.Position)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/questionnaires/%d", target), "flash.item_deleted")
}

// handleItemMove serves POST /questionnaires/{questionnaireID}/items/{position}/move: the item
// one place up (by=-1) or down (by=1).
func (s *Server) handleItemMove(w http.ResponseWriter, r *http.Request) {
	p, it, err := s.questionnaireItem(r)
	by, _ := strconv.Atoi(r.PostFormValue("by"))
	var target int64
	if err == nil {
		target, err = s.surveys.MoveItem(r.Context(), principal(r).TenantID, principal(r).UserID, p.Q.ID, it.Position, by)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/questionnaires/%d#item-%d", target, it.Position+by), "flash.item_moved")
}

// handleScriptEdit serves GET /questionnaires/{questionnaireID}/script/edit.
func (s *Server) handleScriptEdit(w http.ResponseWriter, r *http.Request) {
	p, err := s.questionnairePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.ScriptForm(s.shell(w, r, "surveys.edit_script"), p, nil))
}

// handleScriptUpdate serves POST /questionnaires/{questionnaireID}/script.
func (s *Server) handleScriptUpdate(w http.ResponseWriter, r *http.Request) {
	p, err := s.questionnairePage(r)
	if err == nil {
		err = r.ParseForm()
	}
	var target int64
	sections := make([]surveys.Section, len(surveys.SectionKinds))
	if err == nil {
		for i, k := range surveys.SectionKinds {
			sections[i] = surveys.Section{Kind: k, TextZH: r.PostForm.Get(string(k) + "_zh"), TextEN: r.PostForm.Get(string(k) + "_en")}
		}
		err = postedText(r)
	}
	if err == nil {
		target, err = s.surveys.SaveScript(r.Context(), principal(r).TenantID, principal(r).UserID, p.Q.ID, sections)
	}
	if errs := fieldErrors(err); errs != nil {
		p.Q.Sections = sections
		s.render(w, r, http.StatusUnprocessableEntity, views.ScriptForm(s.shell(w, r, "surveys.edit_script"), p, errs))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/questionnaires/%d", target), "flash.script_saved")
}
