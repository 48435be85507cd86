package api

import (
	"net/http"

	"gongkai/internal/httpx"
)

type userJSON struct {
	ID     int64  `json:"id"`
	Login  string `json:"login"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	UnitID int64  `json:"unit_id,omitempty"`
	Unit   string `json:"unit,omitempty"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	httpx.WriteJSON(w, http.StatusOK, userJSON{ID: u.ID, Login: u.Login, Name: u.Name, Role: string(u.Role), UnitID: u.UnitID, Unit: u.UnitName})
	return nil
}

type unitJSON struct {
	ID       int64    `json:"id"`
	ParentID int64    `json:"parent_id,omitempty"`
	Name     string   `json:"name"`
	Code     string   `json:"code,omitempty"`
	Kind     string   `json:"kind"`
	Tags     []string `json:"tags"`
	Active   bool     `json:"active"`
}

func (a *API) units(w http.ResponseWriter, r *http.Request) error {
	units, err := a.s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	out := make([]unitJSON, 0, len(units))
	for _, u := range units {
		tags := u.Tags
		if tags == nil {
			tags = []string{}
		}
		out = append(out, unitJSON{ID: u.ID, ParentID: u.ParentID, Name: u.Name, Code: u.Code, Kind: string(u.Kind), Tags: tags, Active: u.Active})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"units": out})
	return nil
}
