package store_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/plan"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// Every use case that takes a name or a file name refuses control and
// text-direction characters, naming the field.
func TestNamesRefuseHiddenCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fixedClock(s, time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
		f := newDocsFixture(t, s)
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		rlo, zw := "\u202e", "\u200b"
		app := testApp(request.Natural, "义务教育划片范围")
		app.Applicant.Name = "张" + rlo + "明"
		doc := store.DocumentInput{UnitID: f.unit.ID, Title: "通知" + zw, WrittenOn: workday.MustDate("2026-02-27"), BodyText: "x"}
		okDoc := store.DocumentInput{UnitID: f.unit.ID, Title: "关于印发某办法的通知", WrittenOn: workday.MustDate("2026-02-27"), BodyText: "x"}
		cases := []struct {
			field string
			do    func() error
		}{
			{"登录名", func() error {
				_, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "li" + zw, Role: auth.RoleOffice, Password: "Right-pass-2026"}, p)
				return err
			}},
			{"姓名", func() error {
				_, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "li", Name: "李" + rlo, Role: auth.RoleOffice, Password: "Right-pass-2026"}, p)
				return err
			}},
			{"单位名称", func() error {
				_, err := s.CreateUnit(ctx, auth.System, org.Unit{Name: "实验\u2066小学", Kind: org.KindSchool})
				return err
			}},
			{"申请人姓名或名称", func() error {
				_, err := s.CreateRequest(ctx, auth.System, store.NewRequest{Application: app})
				return err
			}},
			{"姓名或称呼", func() error {
				_, err := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "咨询", Content: "请问招生范围", Name: "王\ufeff"}, "10.0.0.1")
				return err
			}},
			{"称呼", func() error {
				_, err := s.AddComment(ctx, 1, participation.Comment{Name: "a\x00", Content: "赞成这个办法"}, "10.0.0.1")
				return err
			}},
			{"姓名或单位名称", func() error {
				_, err := s.CreatePackageRequest(ctx, store.PackageRequest{Name: "李" + rlo, Contact: "13805371234", Topic: "招生"}, "10.0.0.1")
				return err
			}},
			{"标题", func() error { _, err := s.CreateDocument(ctx, f.author, doc); return err }},
			{"附件文件名", func() error {
				_, err := s.CreateDocument(ctx, f.author, okDoc, store.NewAttachment{Name: "附件1" + rlo + "xcod.exe", ContentType: "application/pdf", Data: []byte("%PDF")})
				return err
			}},
			{"联络员姓名", func() error {
				return s.SetLiaison(ctx, auth.System, f.unit.ID, "赵\u200f", "", workday.MustDate("2026-01-01"))
			}},
			{"佐证材料文件名", func() error {
				_, err := s.MoveAssignment(ctx, f.author, auth.User{}, 1, plan.ActProgress, plan.Input{Text: "进展"}, []store.Upload{{Name: "证明" + rlo + ".pdf", Data: []byte("%PDF")}})
				return err
			}},
			{"导入文件文件名", func() error {
				_, err := s.SavePlan(ctx, auth.CLI, &plan.Parsed{File: "2026" + rlo + "xslx.exe", Year: 2026})
				return err
			}},
			{"账号名称", func() error {
				_, err := s.ApplyOpenMedia(ctx, f.author, participation.Account{Platform: "微信公众号", Name: "兖州" + zw + "教育", AccountID: "yzjy", UnitID: f.unit.ID, Person: "李明", Purpose: "发布信息"}, "开设")
				return err
			}},
		}
		for _, c := range cases {
			err := c.do()
			if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "“"+c.field+"”") {
				t.Errorf("%s: %v; want invalid naming “%s”", c.field, err, c.field)
			}
		}

		// A long file name is cut to 200 characters, the extension kept.
		long := strings.Repeat("很长的附件名称", 40) + ".pdf"
		id, err := s.CreateDocument(ctx, f.author, okDoc, store.NewAttachment{Name: `C:\fakepath\` + long, ContentType: "application/pdf", Data: []byte("%PDF-1.4")})
		if err != nil {
			t.Fatal(err)
		}
		atts, err := s.Attachments(ctx, id)
		if err != nil || len(atts) != 1 {
			t.Fatalf("attachments %v %v", atts, err)
		}
		if n := utf8.RuneCountInString(atts[0].Name); n != 200 || !strings.HasSuffix(atts[0].Name, ".pdf") || strings.Contains(atts[0].Name, "fakepath") {
			t.Errorf("stored name: %d characters, %q…", n, string([]rune(atts[0].Name)[:10]))
		}
	})
}

// Dates that cannot be true are refused: a receipt in the future or before
// 2000, a 成文日期 in the future or before 1949-10-01.
func TestImpossibleDatesRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		at(s, "2026-03-02")
		f := newDocsFixture(t, s)
		office := auth.Actor{Login: "bgs", Role: auth.RoleOffice}
		app := testApp(request.Natural, "2025年度部门决算")
		for day, want := range map[string]string{"2026-03-03": "收到申请之日 2026-03-03 晚于今天", "1999-12-31": "收到申请之日 1999-12-31 早于 2000-01-01"} {
			_, err := s.CreateRequest(ctx, office, store.NewRequest{Application: app, ReceivedOn: workday.MustDate(day)})
			if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), want) {
				t.Errorf("received on %s: %v; want %q", day, err, want)
			}
		}
		if _, err := s.CreateRequest(ctx, office, store.NewRequest{Application: app, ReceivedOn: workday.MustDate("2026-03-02")}); err != nil {
			t.Errorf("received today: %v", err)
		}
		online := app
		online.Channel = request.Online
		cr, err := s.CreateRequest(ctx, auth.System, store.NewRequest{Application: online})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.AddRequestEvent(ctx, office, cr.ID, request.Event{Type: request.EvReceived, On: workday.MustDate("2026-03-04")})
		if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "收到申请之日 2026-03-04 晚于今天") {
			t.Errorf("receipt confirmed for a future day: %v", err)
		}
		if _, err := s.AddRequestEvent(ctx, office, cr.ID, request.Event{Type: request.EvReceived, On: workday.MustDate("2026-02-27")}); err != nil {
			t.Errorf("receipt confirmed for last Friday: %v", err)
		}

		in := store.DocumentInput{UnitID: f.unit.ID, Title: "关于某事项的通知", BodyText: "x"}
		for day, want := range map[string]string{"2026-03-03": "成文日期 2026-03-03 晚于今天", "1949-09-30": "早于 1949-10-01"} {
			in.WrittenOn = workday.MustDate(day)
			if _, err := s.CreateDocument(ctx, f.author, in); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), want) {
				t.Errorf("written on %s: %v; want %q", day, err, want)
			}
		}
		in.WrittenOn = workday.MustDate("1995-06-01")
		id, err := s.CreateDocument(ctx, f.author, in)
		if err != nil {
			t.Fatalf("a 1995 document: %v", err)
		}
		in.WrittenOn = workday.MustDate("2027-01-01")
		if err := s.UpdateDocument(ctx, f.author, id, in); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("update to a future 成文日期: %v; want invalid", err)
		}
	})
}

// The idle timeout never ends a session that was used within it, although
// the use is written at most every idle/60.
func TestSessionIdleNeverEndsEarly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		advance := fixedClock(s, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "sun", Role: auth.RoleOffice, Password: "Right-pass-2026"}, auth.PasswordPolicy{MinLength: 8, MinClasses: 2})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.CreateSession(ctx, u, "10.0.0.1", "test", 12*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		idle := 30 * time.Minute
		use := func(what string, wantOK bool) {
			t.Helper()
			_, err := s.SessionUser(ctx, tok, idle)
			if (err == nil) != wantOK {
				t.Fatalf("%s: %v; want ok=%v", what, err, wantOK)
			}
		}
		advance(29 * time.Second)
		use("used after 29 s (not written)", true)
		advance(idle - time.Second) // 29 min 59 s after the last use
		if err := s.PurgeSessions(ctx, idle); err != nil {
			t.Fatal(err)
		}
		use("29 min 59 s after the last use, past a purge", true)
		advance(idle + 30*time.Second + time.Second)
		use("idle for 30 min 31 s", false)
	})
}
