package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/exchange"
	"gongkai/internal/institution"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func trainingRecord(name, licence, seq string) institution.Record {
	return institution.Record{Kind: institution.KindTraining, Name: name, CreditCode: institution.WithCheckChar("52370812MJE0000" + seq + "X"), LicenceNo: licence,
		LicenceFrom: workday.MustDate("2021-01-01"), LicenceUntil: workday.MustDate("2026-12-31"), Category: institution.CategoryNonSubject, District: "鼓楼街道",
		Principal: "王老师", Phone: "0537-3412345", Fees: []institution.Fee{{Item: "美术课", Standard: "80元/课时", Basis: "兖教体发〔2022〕8号（备案）"}},
		List: institution.ListWhite, ListDate: workday.MustDate("2023-03-01"), ListReason: "年检合格，预收费资金监管到位"}
}

// Every change of an institution waits for the reviewer: not public, not
// exchanged until passed; a standing 必须修改 finding stops the pass until
// the reviewer (not the author) dismisses it; a licence number used by
// another institution is refused; the history keeps every version; a
// withdrawn institution is exchanged as a tombstone.
func TestInstitutionReviewGateHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Now = func() time.Time { return time.Date(2023, 8, 15, 2, 0, 0, 0, time.UTC) }
		p := auth.PasswordPolicy{}
		mk := func(login string, role auth.Role) auth.Actor {
			u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: login, Name: login, Role: role, Password: "Right-pass-2026"}, p)
			if err != nil {
				t.Fatal(err)
			}
			return auth.ActorOf(u, "10.0.0.1")
		}
		office, reviewer, unit := mk("bgs", auth.RoleOffice), mk("shencha", auth.RoleReviewer), mk("lly", auth.RoleLeader)

		r := trainingRecord("兖州区启航艺术培训学校", "教民137081270000021号", "2")
		if _, err := s.SaveInstitution(ctx, unit, 0, r, "表单"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("a leader enters an institution: %v; want forbidden", err)
		}
		res, err := s.SaveInstitution(ctx, office, 0, r, "表单")
		if err != nil || !res.Created {
			t.Fatalf("save: %+v %v", res, err)
		}
		id := res.ID
		if list, _ := s.PublicInstitutions(ctx, store.PublicFilter{Kind: institution.KindTraining}); len(list) != 0 {
			t.Fatalf("public before review: %+v", list)
		}
		if w, _ := s.ExchangeWalk(ctx, exchange.Query{Kind: exchange.KindInstitution, Limit: 10}); len(w.Changes) != 0 {
			t.Fatalf("exchanged before review: %+v", w.Changes)
		}
		// The same licence for another institution is refused with the reason.
		_, err = s.SaveInstitution(ctx, office, 0, trainingRecord("另一家机构", "教民137081270000021号", "3"), "表单")
		if err == nil || !strings.Contains(gongkai.ErrorMessage(err), "已由“兖州区启航艺术培训学校”使用") {
			t.Errorf("duplicate licence: %v", err)
		}
		if err := s.ReviewInstitution(ctx, office, id, true, ""); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("the office passes its own change: %v; want forbidden", err)
		}
		if err := s.ReviewInstitution(ctx, reviewer, id, true, "核对无误"); err != nil {
			t.Fatal(err)
		}
		list, err := s.PublicInstitutions(ctx, store.PublicFilter{Kind: institution.KindTraining, Query: "启航"})
		if err != nil || len(list) != 1 || list[0].Record.List != institution.ListWhite || list[0].Record.Fees[0].Standard != "80元/课时" {
			t.Fatalf("public after review: %+v %v", list, err)
		}
		w, err := s.ExchangeWalk(ctx, exchange.Query{Kind: exchange.KindInstitution, Limit: 10})
		if err != nil || len(w.Changes) != 1 || !strings.Contains(string(w.Changes[0].Record), `"list":"white"`) {
			t.Fatalf("exchange after review: %+v %v", w.Changes, err)
		}

		// A change with a private mobile number: held until dismissed.
		r2 := r
		r2.Phone = "13812345678"
		r2.Fees = append(r2.Fees, institution.Fee{Item: "书法课", Standard: "60元/课时", Basis: "兖教体发〔2022〕8号（备案）"})
		if _, err := s.SaveInstitution(ctx, office, id, r2, "表单"); err != nil {
			t.Fatal(err)
		}
		if same, err := s.SaveInstitution(ctx, office, id, r2, "表单"); err != nil || !same.Unchanged {
			t.Errorf("saving the same change again: %+v %v; want unchanged", same, err)
		}
		err = s.ReviewInstitution(ctx, reviewer, id, true, "")
		fs := disclosure.GateFindings(err)
		if gongkai.ErrorCode(err) != gongkai.ECONFLICT || len(fs) != 1 || fs[0].Kind != "mobile" {
			t.Fatalf("pass with a mobile number: %v %+v; want the gate's refusal", err, fs)
		}
		if pub, _ := s.PublicInstitutionByID(ctx, id); pub.Record.Phone != "0537-3412345" {
			t.Errorf("the portal shows the held change: %q", pub.Record.Phone)
		}
		if _, err := s.DismissFinding(ctx, office, store.DismissRequest{Item: disclosure.ItemInstitution, ItemID: id, Fingerprint: fs[0].Fingerprint, Reason: "机构公开的招生咨询电话"}); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("the office dismisses: %v; want forbidden (the reviewer dismisses)", err)
		}
		if _, err := s.DismissFinding(ctx, reviewer, store.DismissRequest{Item: disclosure.ItemInstitution, ItemID: id, Fingerprint: fs[0].Fingerprint, Reason: "机构公开的招生咨询电话"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewInstitution(ctx, reviewer, id, true, ""); err != nil {
			t.Fatalf("pass after the dismissal: %v", err)
		}
		pub, err := s.PublicInstitutionByID(ctx, id)
		if err != nil || len(pub.Record.Fees) != 2 {
			t.Errorf("public after the second pass: %+v %v", pub, err)
		}
		revs, err := s.InstitutionRevisions(ctx, id)
		if err != nil || len(revs) != 2 || revs[0].Status != "passed" || revs[1].Status != "passed" || len(revs[0].Changes) != 2 {
			t.Errorf("history: %+v %v; want two passed versions, the second changing phone and fees", revs, err)
		}

		// The daily privacy sweep looks at what is public: a word made
		// sensitive after the pass is found on the institution's page.
		if err := s.SetSensitiveWords(ctx, office, []string{"书法课"}); err != nil {
			t.Fatal(err)
		}
		sw, err := s.SweepPrivacy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pf, _ := s.PrivacyFindings(ctx, true, 50)
		swept := false
		for _, f := range pf {
			swept = swept || (f.Item == disclosure.ItemInstitution && f.ItemID == id && strings.HasPrefix(f.Page, "/institutions/"))
		}
		if !swept {
			t.Errorf("sweep %+v found %+v; want the institution's sensitive word", sw, pf)
		}
		if err := s.SetSensitiveWords(ctx, office, nil); err != nil {
			t.Fatal(err)
		}

		// A return needs its reason and goes back to the author.
		r3 := r2
		r3.Address = "兖州区建设路 1 号"
		if _, err := s.SaveInstitution(ctx, office, id, r3, "表单"); err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewInstitution(ctx, reviewer, id, false, ""); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("return without reason: %v", err)
		}
		if err := s.ReviewInstitution(ctx, reviewer, id, false, "地址请写到门牌号并核对"); err != nil {
			t.Fatal(err)
		}
		if in, _ := s.Institution(ctx, id); in.Pending != nil || in.Latest().Address != "兖州区建设路 1 号" {
			t.Errorf("after the return: pending %v, latest %q; want none pending, the returned data to edit", in.Pending, in.Latest().Address)
		}

		// Withdrawn: off the portal, a tombstone in the exchange.
		if err := s.WithdrawInstitution(ctx, office, id, "已终止办学"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublicInstitutionByID(ctx, id); !store.IsNotFound(err) {
			t.Errorf("withdrawn still public: %v", err)
		}
		w2, err := s.ExchangeWalk(ctx, exchange.Query{Kind: exchange.KindInstitution, After: w.Next, Limit: 10})
		if err != nil || len(w2.Changes) != 1 || !w2.Changes[0].Deleted || !strings.Contains(string(w2.Changes[0].Record), `"reason":"withdrawn"`) {
			t.Errorf("exchange after withdrawal: %+v %v; want the institution once, in its latest state: a tombstone", w2.Changes, err)
		}
	})
}

// An import is all or nothing: a bad row anywhere saves none, and names
// the sheet, row and column; a good file creates pending changes, and the
// same file again changes nothing.
func TestImportInstitutionsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Now = func() time.Time { return time.Date(2023, 8, 15, 2, 0, 0, 0, time.UTC) }
		office := auth.Actor{Login: "bgs", Role: auth.RoleOffice}
		today := workday.MustDate("2023-08-15")
		a, b := trainingRecord("甲培训学校", "教民1号", "4"), trainingRecord("乙培训学校", "教民2号", "5")
		data, err := institution.WorkbookXLSX([]institution.Record{a, b})
		if err != nil {
			t.Fatal(err)
		}
		wb, err := institution.ReadWorkbook("机构.xlsx", data, today)
		if err != nil {
			t.Fatal(err)
		}
		// The second institution's licence is a private school's on record: refused, nothing saved.
		school := trainingRecord("丙民办学校", "教民2号", "6")
		school.Kind, school.Level, school.List = institution.KindSchool, "小学", institution.ListNone
		if _, err := s.SaveInstitution(ctx, office, 0, school, "表单"); err != nil {
			t.Fatal(err)
		}
		_, err = s.ImportInstitutions(ctx, office, "机构.xlsx", wb)
		msg := gongkai.ErrorMessage(err)
		if !strings.Contains(msg, "工作表“校外培训机构”") || !strings.Contains(msg, "第3行") || !strings.Contains(msg, "第3列") || !strings.Contains(msg, "丙民办学校") {
			t.Errorf("import over another kind's licence: %q; want sheet, row 3, column 3 and the holder named", msg)
		}
		if list, _ := s.Institutions(ctx, store.InstitutionFilter{}); len(list) != 1 {
			t.Fatalf("after the refused import: %d institutions; want only the one on record", len(list))
		}
		wb.Institutions = wb.Institutions[:1]
		res, err := s.ImportInstitutions(ctx, office, "机构.xlsx", wb)
		if err != nil || res.Created != 1 {
			t.Fatalf("import: %+v %v", res, err)
		}
		res, err = s.ImportInstitutions(ctx, office, "机构.xlsx", wb)
		if err != nil || res.Unchanged != 1 || res.Created+res.Updated != 0 {
			t.Errorf("the same file again: %+v %v; want unchanged", res, err)
		}
	})
}

// A new institution the reviewer returned is still the one its licence
// names: fixed and imported again it is updated (not entered twice), and
// no other institution may take its licence. Withdrawing a public
// institution drops the change waiting for review, which would otherwise
// publish it again. A change that fills empty fields is not a
// registration.
func TestInstitutionReturnedAndWithdrawn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Now = func() time.Time { return time.Date(2023, 8, 15, 2, 0, 0, 0, time.UTC) }
		mk := func(login string, role auth.Role) auth.Actor {
			u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: login, Name: login, Role: role, Password: "Right-pass-2026"}, auth.PasswordPolicy{})
			if err != nil {
				t.Fatal(err)
			}
			return auth.ActorOf(u, "10.0.0.1")
		}
		office, reviewer := mk("bgs", auth.RoleOffice), mk("shencha", auth.RoleReviewer)
		today := workday.MustDate("2023-08-15")
		r := trainingRecord("甲培训学校", "教民1号", "4")
		res, err := s.SaveInstitution(ctx, office, 0, r, "表单")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewInstitution(ctx, reviewer, res.ID, false, "电话请核对"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveInstitution(ctx, office, 0, trainingRecord("乙培训学校", "教民1号", "5"), "表单"); err == nil || !strings.Contains(gongkai.ErrorMessage(err), "甲培训学校") {
			t.Errorf("another institution takes the returned one's licence: %v; want refused, naming it", err)
		}
		r.Phone = "0537-3412346"
		data, err := institution.WorkbookXLSX([]institution.Record{r})
		if err != nil {
			t.Fatal(err)
		}
		wb, err := institution.ReadWorkbook("机构.xlsx", data, today)
		if err != nil {
			t.Fatal(err)
		}
		imp, err := s.ImportInstitutions(ctx, office, "机构.xlsx", wb)
		if err != nil || imp.Created != 0 || imp.Updated != 1 {
			t.Fatalf("the fixed file imported: %+v %v; want the returned institution updated", imp, err)
		}
		if list, _ := s.Institutions(ctx, store.InstitutionFilter{}); len(list) != 1 {
			t.Fatalf("%d institutions; want 1", len(list))
		}
		if err := s.ReviewInstitution(ctx, reviewer, res.ID, true, ""); err != nil {
			t.Fatal(err)
		}

		// A change that only fills empty fields lists them.
		r.Address = "兖州区建设路 1 号"
		if _, err := s.SaveInstitution(ctx, office, res.ID, r, "表单"); err != nil {
			t.Fatal(err)
		}
		in, err := s.Institution(ctx, res.ID)
		if err != nil || in.Pending == nil || strings.Contains(in.Pending.ChangesLabel(), "新登记") {
			t.Errorf("a change filling an empty field: %+v %v; want its fields listed, not 新登记", in.Pending, err)
		}
		if err := s.WithdrawInstitution(ctx, office, res.ID, "已终止办学"); err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewInstitution(ctx, reviewer, res.ID, true, ""); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("passing the change made before the withdrawal: %v; want a conflict (nothing waits)", err)
		}
		if _, err := s.PublicInstitutionByID(ctx, res.ID); !store.IsNotFound(err) {
			t.Errorf("withdrawn institution public again: %v", err)
		}
		if err := s.WithdrawInstitution(ctx, office, res.ID, strings.Repeat("长", 201)); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("a reason of 201 characters: %v; want refused", err)
		}
	})
}

// Two clerks (on PostgreSQL: two nodes) enter different institutions with
// the same licence number at the same moment: exactly one is saved, the
// other refused with the reason.
func TestInstitutionLicenceUniqueUnderConcurrency(t *testing.T) {
	run := func(t *testing.T, nodes []*store.Store) {
		ctx := context.Background()
		office := auth.Actor{Login: "bgs", Role: auth.RoleOffice}
		for round := 0; round < 5; round++ {
			licence := fmt.Sprintf("教民13708128000%04d号", round)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := trainingRecord(fmt.Sprintf("并发登记培训学校%d-%d", round, i), licence, fmt.Sprint(i+1))
					for try := 0; ; try++ {
						_, errs[i] = nodes[i%len(nodes)].SaveInstitution(ctx, office, 0, r, "表单")
						if gongkai.ErrorCode(errs[i]) != gongkai.ECONFLICT || try == 20 {
							return
						}
						time.Sleep(10 * time.Millisecond) // busy database: try again
					}
				}()
			}
			wg.Wait()
			saved := 0
			for _, err := range errs {
				switch {
				case err == nil:
					saved++
				case !strings.Contains(gongkai.ErrorMessage(err), "已由"):
					t.Errorf("round %d: %v; want saved or refused as taken", round, err)
				}
			}
			if saved != 1 {
				t.Errorf("round %d: %d institutions saved with licence %s; want exactly one", round, saved, licence)
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		s := storetest.SQLite(t)
		s.Now = func() time.Time { return time.Date(2023, 8, 15, 2, 0, 0, 0, time.UTC) }
		run(t, []*store.Store{s})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresURL(t)
		if dsn == "" {
			t.Skip("GONGKAI_TEST_POSTGRES not set")
		}
		var nodes []*store.Store
		for range 2 {
			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			s.Now = func() time.Time { return time.Date(2023, 8, 15, 2, 0, 0, 0, time.UTC) }
			nodes = append(nodes, s)
		}
		if _, err := nodes[0].Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		run(t, nodes)
	})
}
