package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

func getJSON(t *testing.T, c *http.Client, req *http.Request, v any) int {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: content type %q", req.URL, ct)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
	return resp.StatusCode
}

func TestCalendarDue(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	tests := []struct {
		query  string
		status int
		due    string
		warn   string
		errMsg string
	}{
		{"start=2023-09-25&workdays=20", 200, "2023-10-27", "", ""},
		{"start=2024-02-05&workdays=7", 200, "2024-02-20", "", ""}, // 02-06..09 (4), 02-10..17 off, 02-18 Sunday worked (5), 19 (6), 20 (7)
		{"start=2026-12-20&workdays=20", 200, "2027-01-15", "2027", ""},
		{"start=2023-02-30&workdays=5", 400, "", "", "2023-02-30"},
		{"start=2023-01-01&workdays=-1", 400, "", "", "0"},
		{"start=2023-01-01&workdays=2001", 400, "", "", "2000"},
		{"start=2023-01-01", 400, "", "", "workdays"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", env.URL+"/api/v1/calendar/due?"+tt.query, nil)
		var got struct {
			Due      string   `json:"due"`
			Warnings []string `json:"warnings"`
			Error    struct {
				Code, Message string
			} `json:"error"`
		}
		status := getJSON(t, c, req, &got)
		if status != tt.status || got.Due != tt.due {
			t.Errorf("%s: %d %q; want %d %q", tt.query, status, got.Due, tt.status, tt.due)
		}
		if tt.warn != "" && (len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], tt.warn)) {
			t.Errorf("%s: warnings %q; want one naming %s", tt.query, got.Warnings, tt.warn)
		}
		if tt.warn == "" && status == 200 && (got.Warnings == nil || len(got.Warnings) != 0) {
			t.Errorf("%s: warnings %v; want []", tt.query, got.Warnings)
		}
		if tt.errMsg != "" && (got.Error.Code != "invalid" || !strings.Contains(got.Error.Message, tt.errMsg)) {
			t.Errorf("%s: error %+v; want invalid mentioning %s", tt.query, got.Error, tt.errMsg)
		}
	}
}

func TestBearerToken(t *testing.T) {
	env := webtest.Start(t)
	u, _, err := env.Store.UserByLogin(context.Background(), "jijiaoke")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := env.Store.IssueToken(context.Background(), auth.CLI, store.NewToken{UserID: u.ID, Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{}
	req, _ := http.NewRequest("GET", env.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	var me struct {
		Login, Role, Unit string
	}
	if status := getJSON(t, c, req, &me); status != 200 || me.Login != "jijiaoke" || me.Unit != "基础教育科" {
		t.Errorf("me = %d %+v", status, me)
	}
	req, _ = http.NewRequest("GET", env.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer gk_wrong")
	var e map[string]any
	if status := getJSON(t, c, req, &e); status != 401 {
		t.Errorf("wrong token: %d; want 401", status)
	}
	// A scoped token (here: exchange only) cannot act with its owner's role.
	_, scoped, err := env.Store.IssueToken(context.Background(), auth.CLI, store.NewToken{UserID: u.ID, Name: "上级平台", Scope: []auth.Perm{auth.PermExchange}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest("GET", env.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+scoped)
	var denied struct {
		Error struct{ Code, Message string }
	}
	if status := getJSON(t, c, req, &denied); status != 403 || !strings.Contains(denied.Error.Message, "数据交换") {
		t.Errorf("scoped token on /api/v1/me: %d %+v; want 403 naming its scope", status, denied)
	}
	req, _ = http.NewRequest("GET", env.URL+"/api/v1/nothing-here", nil)
	if status := getJSON(t, c, req, &e); status != 404 {
		t.Errorf("unknown API path: %d; want 404 JSON", status)
	}
}
