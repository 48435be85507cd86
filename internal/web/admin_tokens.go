package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

// tokenRow is a token with its state at the time of the page.
type tokenRow struct {
	store.Token
	Active bool
	State  string
}

func tokenRows(toks []store.Token, now time.Time) []tokenRow {
	out := make([]tokenRow, len(toks))
	for i, t := range toks {
		out[i] = tokenRow{Token: t, Active: t.State(now) == store.TokenActive, State: t.StateLabel(now)}
	}
	return out
}

type accountTokensData struct {
	Tokens  []tokenRow
	Form    store.NewToken
	MaxDays int
	Secret  string // a new token, shown once
	Created *store.Token
	// Grants are the scoped permissions this user may give a token.
	Grants []grantChoice
}

type grantChoice struct {
	Perm    auth.Perm
	Label   string
	Checked bool
}

// accountTokens is 我的账户 → 接口令牌: the user's own tokens, and the form
// to create one. Nobody creates a token for someone else here or anywhere
// in the console (三员分立): the store refuses it.
func (s *Server) accountTokens(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccountTokens(w, r, http.StatusOK, "", accountTokensData{Form: store.NewToken{Days: auth.TokenDefaultDays}})
}

func (s *Server) renderAccountTokens(w http.ResponseWriter, r *http.Request, status int, msg string, d accountTokensData) error {
	u, _ := httpx.UserFrom(r.Context())
	toks, err := s.Store.Tokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	d.Tokens, d.MaxDays = tokenRows(toks, s.Now()), auth.TokenMaxDays
	for _, p := range auth.GrantableBy(u.Role) {
		d.Grants = append(d.Grants, grantChoice{Perm: p, Label: p.GrantLabel(), Checked: slices.Contains(d.Form.Scope, p)})
	}
	if d.Secret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.Render(w, r, status, "admin/account_tokens", &Page{Title: "我的账户：接口令牌", Error: msg, Data: d})
	return nil
}

func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	n := store.NewToken{UserID: u.ID, Name: r.PostFormValue("name")}
	for _, p := range r.PostForm["scope"] {
		n.Scope = append(n.Scope, auth.Perm(p))
	}
	if v := strings.TrimSpace(r.PostFormValue("days")); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil {
			return s.renderAccountTokens(w, r, http.StatusBadRequest, "有效期应为天数（1 到 365 的整数）", accountTokensData{Form: n})
		}
		n.Days = days
	}
	tok, secret, err := s.Store.IssueToken(r.Context(), s.Actor(r), n)
	if err != nil {
		if !userError(err) && gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			return err
		}
		return s.renderAccountTokens(w, r, httpx.StatusOf(err), errMsg(err), accountTokensData{Form: n})
	}
	return s.renderAccountTokens(w, r, http.StatusCreated, "", accountTokensData{Form: store.NewToken{Days: auth.TokenDefaultDays}, Secret: secret, Created: &tok})
}

// accountTokenRevoke revokes one of the user's own tokens (the store
// refuses another's).
func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.RevokeToken(r.Context(), s.Actor(r), id); err != nil {
		return err
	}
	return s.Flash(w, r, "已撤销接口令牌", "/admin/account/tokens")
}

// tokenTable is the admin's table of tokens (template "tokenTable"); Back
// is where a revocation returns to.
type tokenTable struct {
	Rows []tokenRow
	Back string
}

type systemTokensData struct {
	Table tokenTable
}

// systemTokens lists every user's tokens for the admin, who may revoke any
// of them but create none for another user.
func (s *Server) systemTokens(w http.ResponseWriter, r *http.Request) error {
	toks, err := s.Store.Tokens(r.Context(), 0)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/tokens", &Page{Title: "接口令牌", Area: "system", Data: systemTokensData{Table: tokenTable{Rows: tokenRows(toks, s.Now()), Back: "/admin/system/tokens"}}})
	return nil
}

func (s *Server) systemTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.RevokeToken(r.Context(), s.Actor(r), id); err != nil {
		return err
	}
	back := httpx.SafeNext(r.PostFormValue("next"), "/admin/system/tokens")
	return s.Flash(w, r, "已撤销接口令牌", back)
}
