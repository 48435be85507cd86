package store_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/notify"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func TestPrivacySweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		officeUser := auth.User{ID: 0, Role: auth.RoleOffice}
		in := store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "关于课后服务的通知", DocNo: "济兖教体字〔2023〕8号",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育", BodyText: "各学校：做好课后服务。"}
		clean := f.publish(t, s, in)
		in.Title, in.BodyText = "关于暑期安全的通知", "各学校：做好暑期安全教育工作。"
		old := f.publish(t, s, in)
		// Text published before the gate existed: an ID number and a
		// mistyped one in a document that is on the portal.
		bad := "370882201001011230" // wrong check digit: 疑似身份证号
		if _, err := s.DB().Exec(s.Rebind(`UPDATE documents SET body_text = ? WHERE id = ?`), "各学校：联系人身份证号 "+rawID+"，备用证号 "+bad+"。", old); err != nil {
			t.Fatal(err)
		}
		m, _ := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "咨询", Content: "电话 " + rawMobile + "，请问课后服务几点结束？"}, "10.0.0.1")
		s.ReplyMessage(ctx, office, m.ID, "课后服务一般到17:30结束。", "基础教育科")
		if err := s.PublishMessage(ctx, office, m.ID); err != nil {
			t.Fatal(err)
		}

		res, err := s.SweepPrivacy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Items != 3 || res.Findings != 2 || res.New != 2 || res.Resolved != 0 {
			t.Fatalf("first sweep = %+v; want 3 items, 2 new findings", res)
		}
		list, _ := s.PrivacyFindings(ctx, true, 0)
		var kinds []string
		for _, p := range list {
			kinds = append(kinds, p.Kind)
			if p.Page != "/docs/"+fmtInt(old) || p.AdminLink != "/admin/docs/d/"+fmtInt(old) || p.Title != "关于暑期安全的通知" {
				t.Errorf("finding %+v; want the page /docs/%d and its console link", p, old)
			}
			if strings.Contains(p.Masked+p.Message, rawID) || strings.Contains(p.Masked+p.Message, bad) {
				t.Errorf("finding shows the raw number: %+v", p)
			}
			if (p.Kind == "suspected_id") == p.Blocking {
				t.Errorf("finding %s blocking = %v; want 疑似身份证号 as a warning only", p.Kind, p.Blocking)
			}
		}
		if len(kinds) != 2 {
			t.Fatalf("open findings = %v; want id_number and suspected_id", kinds)
		}
		ns, _ := s.Notifications(ctx, officeUser, false, 50)
		if n := countTitled(ns, "隐私巡查"); n != 2 {
			t.Errorf("office notifications = %d; want 2 (one per new finding)", n)
		}

		// Again: nothing new, no new notification.
		if res, _ = s.SweepPrivacy(ctx); res.New != 0 || res.Findings != 2 {
			t.Errorf("second sweep = %+v; want the same 2, none new", res)
		}
		ns, _ = s.Notifications(ctx, officeUser, false, 50)
		if n := countTitled(ns, "隐私巡查"); n != 2 {
			t.Errorf("office notifications after the second sweep = %d; want still 2", n)
		}

		// A new sensitive word matches a published message: found (the
		// masked number is not, it is not public).
		s.SetSensitiveWords(ctx, f.reviewer, []string{"课后服务"})
		res, _ = s.SweepPrivacy(ctx)
		if res.New != 4 { // the clean document's title and body, the message and its reply
			t.Errorf("sweep after a new sensitive word = %+v; want 4 new", res)
		}
		list, _ = s.PrivacyFindings(ctx, true, 0)
		pages := map[string]bool{}
		for _, p := range list {
			pages[p.Page] = true
		}
		if !pages["/messages/"+fmtInt(m.ID)] || !pages["/docs/"+fmtInt(clean)] {
			t.Errorf("pages = %v; want the message and the clean document", pages)
		}

		// Fixed: dismissed by the reviewer, the word removed: resolved.
		for _, p := range list {
			if p.Item == disclosure.ItemDocument && p.ItemID == old && p.Kind == "id_number" {
				if _, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: old, Fingerprint: p.Fingerprint, Reason: "已核实为虚构示例号码"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		s.SetSensitiveWords(ctx, f.reviewer, nil)
		res, _ = s.SweepPrivacy(ctx)
		if res.Findings != 1 || res.Resolved != 5 {
			t.Errorf("sweep after fixes = %+v; want 1 left (the suspected ID), 5 resolved", res)
		}
		all, _ := s.PrivacyFindings(ctx, false, 0)
		if len(all) != 6 || all[0].Kind != "suspected_id" || !all[0].Resolved.IsZero() || all[5].Resolved.IsZero() {
			t.Errorf("all findings = %+v; want 6 kept, the standing one first", all)
		}
		// A held interpretation is not public: not swept.
		if _, err := s.AddInterpretation(ctx, f.author, disclosure.Interpretation{DocumentID: clean, Form: "text", Title: "解读", BodyHTML: "<p>身份证号 " + rawID + "</p>"}); err != nil {
			t.Fatal(err)
		}
		if res, _ = s.SweepPrivacy(ctx); res.New != 0 {
			t.Errorf("sweep with a held interpretation = %+v; want nothing new", res)
		}
		noRawIn(t, s)
	})
}

func countTitled(ns []notify.Notification, prefix string) (n int) {
	for _, x := range ns {
		if strings.HasPrefix(x.Title, prefix) {
			n++
		}
	}
	return n
}
