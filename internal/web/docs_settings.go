package web

import (
	"net/http"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

type docsSettingsData struct {
	Words     string
	Synonyms  []store.Synonym
	IndexRule string
	CanManage bool
}

func (s *Server) docsSettings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	words, err := s.Store.SensitiveWords(ctx)
	if err != nil {
		return err
	}
	syn, err := s.Store.SynonymList(ctx)
	if err != nil {
		return err
	}
	settings, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	rule := settings[store.IndexRuleKey]
	if rule == "" {
		rule = disclosure.DefaultIndexRule
	}
	u, _ := httpx.UserFrom(ctx)
	s.Render(w, r, http.StatusOK, "admin/docs_settings", &Page{Title: "敏感词、同义词与索引号", Area: "docs",
		Data: docsSettingsData{Words: strings.Join(words, "\n"), Synonyms: syn, IndexRule: rule, CanManage: auth.Allowed(u.Role, auth.PermDocManage)}})
	return nil
}

func (s *Server) docsSaveWords(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	words := strings.FieldsFunc(r.FormValue("words"), func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == '，' || r == '、' })
	if err := s.Store.SetSensitiveWords(r.Context(), s.Actor(r), words); err != nil {
		return err
	}
	return s.Flash(w, r, "敏感词表已保存", "/admin/docs/settings")
}

func (s *Server) docsSaveSynonym(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	syn := strings.FieldsFunc(r.FormValue("synonyms"), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' })
	if err := s.Store.PutSynonym(r.Context(), s.Actor(r), r.FormValue("term"), syn); err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "同义词已保存", "/admin/docs/settings")
}

func (s *Server) docsDeleteSynonym(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.DeleteSynonym(r.Context(), s.Actor(r), id); err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "同义词已删除", "/admin/docs/settings")
}

func (s *Server) docsSaveIndexRule(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	rule := strings.TrimSpace(r.FormValue("rule"))
	if err := disclosure.CheckIndexRule(rule); err != nil {
		return err
	}
	if err := s.Store.PutSetting(r.Context(), s.Actor(r), store.IndexRuleKey, rule); err != nil {
		return err
	}
	return s.Flash(w, r, "索引号规则已保存，新发布的文件按新规则编号", "/admin/docs/settings")
}
