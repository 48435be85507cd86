package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	officepkg "gongkai/internal/office"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func testApp(t request.ApplicantType, desc string) request.Application {
	id := "37088219900307123"
	id += string(scan.IDCheckChar(id))
	p := request.Applicant{Type: t, Name: "张明", IDNumber: id, Phone: "13805371234", Address: "兖州区建设路1号"}
	if t != request.Natural {
		p.Name, p.IDNumber = "某律师事务所", "91370882MA3C4XY20A"
	}
	return request.Application{Applicant: p, Description: desc, Form: "paper", Channel: request.InPerson}
}

func at(s *store.Store, day string) {
	d := workday.MustDate(day)
	s.Now = func() time.Time { return time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC) }
}

func TestRequestLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		office := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
		leader := auth.Actor{Login: "fenguan", Role: auth.RoleLeader}
		at(s, "2023-09-27")
		unit, err := s.CreateUnit(ctx, auth.System, org.Unit{Name: "基础教育科", Kind: org.KindDepartment, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		app := testApp(request.Natural, "2023年秋季学期义务教育招生划片范围")
		app.Channel = request.Online
		cr, err := s.CreateRequest(ctx, auth.System, store.NewRequest{Application: app, SubmitIP: "10.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(cr.Code, "YSQ2023-") || len(cr.Secret) != 10 {
			t.Fatalf("code %q secret %q; want YSQ2023-… and 10 characters", cr.Code, cr.Secret)
		}
		if _, err := s.RequestForApplicant(ctx, cr.Code, "wrong"); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("wrong secret: err = %v; want ENOTFOUND", err)
		}
		// A reply before receipt is refused, nothing changes.
		if _, err := s.AddRequestEvent(ctx, office, cr.ID, request.Event{Type: request.EvReplied, On: workday.MustDate("2023-09-28"), Outcome: request.Partial}); err == nil || !strings.Contains(err.Error(), "尚未确认收到申请") {
			t.Fatalf("reply before receipt: err = %v; want 尚未确认收到申请", err)
		}
		c, err := s.AddRequestEvent(ctx, office, cr.ID, request.Event{Type: request.EvReceived, On: workday.MustDate("2023-09-27")})
		if err != nil {
			t.Fatal(err)
		}
		if c.DueOn.String() != "2023-10-31" {
			t.Errorf("due = %s; want 2023-10-31", c.DueOn)
		}
		if err := s.RouteRequest(ctx, office, cr.ID, unit.ID, workday.MustDate("2023-10-20")); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveDraft(ctx, auth.Actor{Login: "jijiaoke", Role: auth.RoleUnit, UnitID: unit.ID}, cr.ID, store.Draft{Outcome: request.Partial, LegalBasis: "第三十七条", Body: "经审查…"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AskExtension(ctx, office, cr.ID, 10, "需调取多所学校资料"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveExtension(ctx, office, cr.ID, workday.MustDate("2023-10-30")); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("office approving: err = %v; want EFORBIDDEN", err)
		}
		c, err = s.ApproveExtension(ctx, leader, cr.ID, workday.MustDate("2023-10-30"))
		if err != nil {
			t.Fatal(err)
		}
		if c.DueOn.String() != "2023-11-14" {
			t.Errorf("due after extension = %s; want 2023-11-14", c.DueOn)
		}
		if _, err := s.SendReply(ctx, office, cr.ID, store.Reply{On: workday.MustDate("2023-11-10")}); err != nil {
			t.Fatal(err)
		}
		r, err := s.RequestForApplicant(ctx, cr.Code, cr.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != request.Replied || r.Outcome != request.Partial || r.DueOn.String() != "2023-11-14" || r.UnitName != "基础教育科" {
			t.Errorf("record = %s %s due %s unit %q; want replied partial due 2023-11-14 unit 基础教育科", r.State, r.Outcome, r.DueOn, r.UnitName)
		}
		if err := s.ArchiveRequest(ctx, office, cr.ID, []byte("PK archive")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveCase(ctx, office, store.RequestCase{RequestID: cr.ID, Kind: request.Review, Result: request.Upheld, FiledOn: workday.MustDate("2023-12-01"), DecidedOn: workday.MustDate("2024-01-20")}); err != nil {
			t.Fatal(err)
		}

		// A second request, received in 2022 and still open: carried over and forward.
		at(s, "2022-12-20")
		old, err := s.CreateRequest(ctx, office, store.NewRequest{Application: testApp(request.LegalService, "某校2022年收费明细"), ReceivedOn: workday.MustDate("2022-12-20")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRequestEvent(ctx, office, old.ID, request.Event{Type: request.EvCorrectionRequested, On: workday.MustDate("2022-12-22"), Deadline: workday.MustDate("2024-01-31")}); err != nil {
			t.Fatal(err)
		}
		rep, err := s.AnnualReport(ctx, 2023)
		if err != nil {
			t.Fatal(err)
		}
		cells := []struct {
			row, col string
			want     int
		}{
			{"new", "natural", 1}, {"partial", "natural", 1}, {"total", "natural", 1},
			{"carried_over", "legal_service", 1}, {"carried_forward", "legal_service", 1}, {"new", "total", 1}, {"carried_over", "total", 1},
		}
		for _, c := range cells {
			if got := rep.Table3[c.row][c.col]; got != c.want {
				t.Errorf("table3[%s][%s] = %d; want %d", c.row, c.col, got, c.want)
			}
		}
		if !rep.Check.OK {
			t.Errorf("check = %v; want ok", rep.Check.Errors)
		}
		if rep.Table4.Review.Pending != 1 || rep.Table4.Review.Total != 1 {
			t.Errorf("table4 review = %+v; want 1 pending (decided in 2024)", rep.Table4.Review)
		}
		if err := s.SaveAnnualReport(ctx, office, 2023, store.ReportEdit{Permits: 3, FeesWan: "1.5", Sections: request.Sections{One: "总体情况"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnnualReport(ctx, office, 2023, store.ReportEdit{FeesWan: "abc"}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("bad fees: err = %v; want EINVALID", err)
		}
		if _, err := s.PublishAnnualReport(ctx, office, 2023); err != nil {
			t.Fatal(err)
		}
		pub, err := s.PublishedAnnualReport(ctx, 2023)
		if err != nil || pub.Table2.Permits != 3 || pub.Table3["partial"]["natural"] != 1 {
			t.Errorf("published = %+v, %v; want permits 3 and the partial reply", pub.Table2, err)
		}
		if err := s.SaveAnnualReport(ctx, office, 2023, store.ReportEdit{}); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("edit after publish: err = %v; want ECONFLICT", err)
		}
		// Holidays change: a made-up holiday inside the open clock moves nothing for the closed request.
		cal, _ := s.Calendar(ctx)
		n, err := requestsRecomputed(s.RecomputeClocks(ctx, cal, auth.System))
		if err != nil || n != 0 {
			t.Errorf("recompute = %d, %v; want 0 changes on the same calendar", n, err)
		}
		var ge *gongkai.Error
		_, err = s.CreateRequest(ctx, office, store.NewRequest{Application: request.Application{}})
		if !errors.As(err, &ge) || ge.Code != gongkai.EINVALID {
			t.Errorf("empty application: err = %v; want EINVALID", err)
		}
	})
}

// A code carries the year of receipt, and is read as a person copies it
// by hand: any case, full-width, with spaces or hyphens.
func TestRequestCodeYearAndHandCopy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		office := auth.Actor{UserID: 1, Login: "bangongshi", Role: auth.RoleOffice}
		at(s, "2026-03-02")
		cr, err := s.CreateRequest(ctx, office, store.NewRequest{Application: testApp(request.Natural, "2023年学区划分方案"), ReceivedOn: workday.MustDate("2023-11-20")})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(cr.Code, "YSQ2023-") {
			t.Errorf("received 2023, registered 2026: code %q; want YSQ2023-…", cr.Code)
		}
		online := testApp(request.Natural, "2026年招生计划")
		online.Channel = request.Online
		on, err := s.CreateRequest(ctx, auth.System, store.NewRequest{Application: online})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(on.Code, "YSQ2026-") {
			t.Errorf("online, not yet confirmed: code %q; want the year submitted, YSQ2026-…", on.Code)
		}
		// By hand: lower case, the secret in its two printed groups, spaces.
		typed := strings.ToLower(strings.Replace(cr.Code, "-", " ", 1))
		secret := strings.ToLower(cr.Secret[:5] + "-" + cr.Secret[5:])
		if r, err := s.RequestForApplicant(ctx, typed, " "+secret+" "); err != nil || r.ID != cr.ID {
			t.Errorf("lookup %q / %q: %v; want the request", typed, secret, err)
		}
		wide := ""
		for _, r := range cr.Secret {
			wide += string(r - '!' + '！')
		}
		if r, err := s.RequestForApplicant(ctx, cr.Code, wide); err != nil || r.ID != cr.ID {
			t.Errorf("lookup with a full-width secret %q: %v; want the request", wide, err)
		}
		if _, err := s.RequestForApplicant(ctx, cr.Code, on.Secret); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("another request's secret: err = %v; want ENOTFOUND", err)
		}
	})
}

// Every reply stores its letter, dated the reply date: the body given, the
// draft's outcome kept (another outcome is a conflict).
func TestReplyStoresLetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		office := auth.Actor{UserID: 1, Login: "bangongshi", Role: auth.RoleOffice}
		at(s, "2023-11-01")
		cr, err := s.CreateRequest(ctx, office, store.NewRequest{Application: testApp(request.Natural, "学区划分方案"), ReceivedOn: workday.MustDate("2023-11-01")})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveDraft(ctx, office, cr.ID, store.Draft{Outcome: request.Disclosed}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SendReply(ctx, office, cr.ID, store.Reply{On: workday.MustDate("2023-11-10"), Outcome: request.Partial}); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("reply with another outcome than the draft's: %v; want conflict", err)
		}
		at(s, "2023-12-20") // the letter is dated the reply date, not today
		if _, err := s.SendReply(ctx, office, cr.ID, store.Reply{On: workday.MustDate("2023-11-10"), Body: "张明：\n现将学区划分方案提供给您。"}); err != nil {
			t.Fatal(err)
		}
		r, err := s.Request(ctx, cr.ID)
		if err != nil || r.LetterSHA == "" || r.Outcome != request.Disclosed {
			t.Fatalf("request after reply: %v, letter %q outcome %s; want a letter and disclosed", err, r.LetterSHA, r.Outcome)
		}
		data, _, err := s.Blob(ctx, r.LetterSHA)
		if err != nil {
			t.Fatal(err)
		}
		paras, err := officepkg.DocxText(data)
		if got := strings.Join(paras, "|"); err != nil || !strings.Contains(got, "现将学区划分方案提供给您") || !strings.Contains(got, "2023年11月10日") || strings.Contains(got, "2023年12月20日") {
			t.Errorf("letter = %q (%v); want the given body dated 2023年11月10日", got, err)
		}
	})
}

func TestRecomputeAfterHolidayChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		office := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
		at(s, "2023-09-27")
		cr, err := s.CreateRequest(ctx, office, store.NewRequest{Application: testApp(request.Natural, "课后服务收费"), ReceivedOn: workday.MustDate("2023-09-27")})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.PutHolidays(ctx, auth.System, []workday.Day{{Date: workday.MustDate("2023-10-16"), Kind: workday.Holiday, Name: "测试"}}, "测试"); err != nil {
			t.Fatal(err)
		}
		cal, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, err := requestsRecomputed(s.RecomputeClocks(ctx, cal, auth.System))
		if err != nil || n != 1 {
			t.Fatalf("recompute = %d, %v; want 1 change", n, err)
		}
		r, err := s.Request(ctx, cr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.DueOn.String() != "2023-11-01" {
			t.Errorf("due after a new holiday on 2023-10-16 = %s; want 2023-11-01", r.DueOn)
		}
		if n, _ := requestsRecomputed(s.RecomputeClocks(ctx, cal, auth.System)); n != 0 {
			t.Errorf("second recompute changed %d; want 0", n)
		}
	})
}

func TestRequestListsAndPrivacy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		office := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
		at(s, "2023-12-12")
		cr, err := s.CreateRequest(ctx, office, store.NewRequest{Application: testApp(request.Natural, "课后服务收费"), ReceivedOn: workday.MustDate("2023-11-15")})
		if err != nil {
			t.Fatal(err)
		}
		soon, err := s.Requests(ctx, store.RequestFilter{DueFrom: workday.MustDate("2023-12-12"), DueTo: workday.MustDate("2023-12-17")})
		if err != nil || len(soon) != 1 || soon[0].ID != cr.ID {
			t.Fatalf("due soon = %v, %v; want the request due 2023-12-13", soon, err)
		}
		over, err := s.Requests(ctx, store.RequestFilter{DueTo: workday.MustDate("2023-12-11")})
		if err != nil || len(over) != 0 {
			t.Errorf("overdue = %d, %v; want none", len(over), err)
		}
		m := soon[0].Masked().Application.Applicant
		if strings.Contains(m.IDNumber, "19900307") || m.Phone != "138****1234" || m.Name != "张*" {
			t.Errorf("masked = %+v; want ID, phone and name masked", m)
		}
	})
}

func TestMonthOrdinal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		office := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
		var last int64
		for i, day := range []string{"2023-03-31", "2023-04-03", "2023-04-20", "2023-04-28"} {
			at(s, day)
			cr, err := s.CreateRequest(ctx, office, store.NewRequest{Application: testApp(request.Natural, "信息"+day), ReceivedOn: workday.MustDate(day)})
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
			last = cr.ID
		}
		if n, err := s.MonthOrdinal(ctx, last); err != nil || n != 3 {
			t.Errorf("MonthOrdinal = %d, %v; want 3 (the March one is another month)", n, err)
		}
	})
}
