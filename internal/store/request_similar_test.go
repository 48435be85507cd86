package store_test

import (
	"fmt"
	"slices"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// TestSimilarRequests: a new application is compared with a shortlist of
// past ones found through the full-text index of their descriptions —
// among many unrelated requests, the similar one is found, an unrelated
// one is not, and one older than a year is not compared.
func TestSimilarRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		staff := auth.Actor{UserID: 1, Login: "bangongshi", Role: auth.RoleOffice}
		at(s, "2023-03-01")
		old, err := s.CreateRequest(ctx, staff, store.NewRequest{Application: testApp(request.Natural, "2022年兖州区小学招生划片范围"), ReceivedOn: workday.MustDate("2023-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		at(s, "2024-05-06")
		for i := range 40 {
			desc := fmt.Sprintf("第%d中学%d年食堂采购合同及验收记录", i%7+1, 2010+i)
			if _, err := s.CreateRequest(ctx, staff, store.NewRequest{Application: testApp(request.Natural, desc), ReceivedOn: workday.MustDate("2024-05-06")}); err != nil {
				t.Fatal(err)
			}
		}
		past, err := s.CreateRequest(ctx, staff, store.NewRequest{Application: testApp(request.Natural, "2023年兖州区小学招生划片范围"), ReceivedOn: workday.MustDate("2024-05-06")})
		if err != nil {
			t.Fatal(err)
		}
		at(s, "2024-06-03")
		codes, score, err := s.SimilarRequests(ctx, "兖州区2023年小学招生划片范围是什么", store.ReviewSince(workday.MustDate("2024-06-03")), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 1 || codes[0] != past.Code || score < request.SimilarThreshold {
			t.Errorf("similar = %v (%.2f); want only %s (not the one of 2023-03, %s)", codes, score, past.Code, old.Code)
		}
		codes, _, err = s.SimilarRequests(ctx, "教师职称评审结果公示", store.ReviewSince(workday.MustDate("2024-06-03")), 0)
		if err != nil || len(codes) != 0 {
			t.Errorf("unrelated: %v, %v; want none", codes, err)
		}
		// Submitted through the door, the new one is flagged for review.
		app := testApp(request.Natural, "兖州区2023年小学招生划片范围是什么")
		app.Channel = request.Online
		cr, err := s.SubmitRequest(ctx, auth.Actor{}, store.Submission{Application: app, IP: "10.1.2.3"})
		if err != nil {
			t.Fatal(err)
		}
		revs, err := s.ProactiveReviews(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range revs {
			if r.RequestID == cr.ID && r.Reason == "similar" && len(r.SimilarCodes) == 1 && r.SimilarCodes[0] == past.Code {
				found = true
			}
		}
		if !found {
			t.Errorf("reviews = %+v; want the new request flagged as similar to %s", revs, past.Code)
		}

		// A database from before the index (no dictionary recorded):
		// migrate indexes every description again.
		wipe := `DELETE FROM requests_fts`
		if s.Dialect == store.Postgres {
			wipe = `DELETE FROM requests_search`
		}
		for _, q := range []string{wipe, `UPDATE search_state SET dict = ''`} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.EnsureSearchIndex(ctx); err != nil {
			t.Fatal(err)
		}
		codes, _, err = s.SimilarRequests(ctx, "兖州区2023年小学招生划片范围是什么", store.ReviewSince(workday.MustDate("2024-06-03")), 0)
		if err != nil || !slices.Contains(codes, past.Code) || !slices.Contains(codes, cr.Code) {
			t.Errorf("after the index was made again: %v %v; want %s and the one submitted since, %s", codes, err, past.Code, cr.Code)
		}
	})
}
