package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

func call(t *testing.T, env *webtest.Env, token, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, env.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m
}

func TestPlanAPI(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 10, 9, 2, 0, 0, 0, time.UTC)})
	ctx := context.Background()
	token := func(login string) string {
		u, _, err := env.Store.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		_, tok, err := env.Store.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	office, school := token("bangongshi"), token("xiaoxue")
	code, m := call(t, env, office, "GET", "/api/v1/plans", "")
	if code != 200 || len(m["plans"].([]any)) != 2 { // the demo's year and the year before
		t.Fatalf("plans: %d %v", code, m)
	}
	code, m = call(t, env, office, "GET", "/api/v1/plans/2023/tasks", "")
	if code != 200 || len(m["tasks"].([]any)) != 26 { // the seed's 22 and the office's 4 follow-up tasks
		t.Fatalf("tasks: %d", code)
	}
	first := m["tasks"].([]any)[0].(map[string]any)
	if dl := first["deadline"].(map[string]any); dl["value"] != "2023-11-30" || dl["text"] != "11月底前" {
		t.Errorf("deadline: got %v", dl)
	}
	code, m = call(t, env, school, "GET", "/api/v1/assignments?year=2023", "")
	if code != 200 {
		t.Fatalf("school assignments: %d", code)
	}
	list := m["assignments"].([]any)
	if len(list) != 5 { // tasks 3 and 18 of the seed, 23–25 of the follow-up
		t.Fatalf("school assignments: got %d; want its 5", len(list))
	}
	for _, x := range list {
		if x.(map[string]any)["unit"] != "兖州区实验小学" {
			t.Errorf("school sees %v", x.(map[string]any)["unit"])
		}
	}
	id := int64(list[0].(map[string]any)["id"].(float64))
	code, m = call(t, env, school, "POST", fmt.Sprintf("/api/v1/assignments/%d/claim", id), `{"person":"陈老师"}`)
	if code != 200 || m["assignment"].(map[string]any)["status"] != "claimed" {
		t.Fatalf("claim: %d %v", code, m)
	}
	code, _ = call(t, env, school, "POST", fmt.Sprintf("/api/v1/assignments/%d/confirm", id), `{}`)
	if code != http.StatusForbidden {
		t.Errorf("school confirms: got %d; want 403", code)
	}
	code, _ = call(t, env, school, "POST", fmt.Sprintf("/api/v1/assignments/%d/progress", id), `{"text":"x","links":["javascript:alert(1)"]}`)
	if code != http.StatusBadRequest {
		t.Errorf("bad link: got %d; want 400", code)
	}
	code, m = call(t, env, school, "POST", fmt.Sprintf("/api/v1/assignments/%d/finish", id), `{"text":"完成","links":["https://example.org/a"]}`)
	if code != 200 || m["assignment"].(map[string]any)["status"] != "reported" {
		t.Fatalf("finish: %d %v", code, m)
	}
	code, _ = call(t, env, office, "POST", fmt.Sprintf("/api/v1/assignments/%d/return", id), `{}`)
	if code != http.StatusBadRequest {
		t.Errorf("return without reason: got %d; want 400", code)
	}
	code, m = call(t, env, office, "GET", fmt.Sprintf("/api/v1/assignments/%d", id), "")
	if code != 200 || len(m["progress"].([]any)) != 2 {
		t.Errorf("assignment: %d %v", code, m)
	}
	// Another unit's assignment is not found for the school.
	lines, _ := env.Store.Ledger(ctx, store.LedgerFilter{Year: 2023, Status: "confirmed"})
	if code, _ := call(t, env, school, "GET", fmt.Sprintf("/api/v1/assignments/%d", lines[0].Assignment.ID), ""); code != http.StatusNotFound {
		t.Errorf("other unit: got %d; want 404", code)
	}
}
