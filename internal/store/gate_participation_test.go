package store_test

import (
	"context"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func TestMessagesPublishedMasked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixClock(s, "2023-11-01T02:00:00Z")
		reviewer := auth.Actor{Login: "shencha", Role: auth.RoleReviewer}
		m, err := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "转学咨询 " + rawMobile,
			Content: "我是张三，身份证号" + rawID + "，电话 138 1234 5678，邮箱 zhangsan@example.com，请问如何转学？", Name: "张三", Contact: rawMobile}, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		// The office sees the findings before publishing.
		pc, err := s.ItemFindings(ctx, disclosure.ItemMessage, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		for _, f := range pc.Personal {
			kinds[f.Kind] = true
		}
		if !kinds["id_number"] || !kinds["mobile"] || !kinds["email"] || len(pc.Standing()) != 0 {
			t.Errorf("office check: personal %v, standing %d; want ID, mobile and e-mail to be masked and nothing standing", kinds, len(pc.Standing()))
		}
		if !strings.Contains(string(pc.Marked["message/content"]), "<mark") {
			t.Errorf("message content not highlighted: %s", pc.Marked["message/content"])
		}
		if err := s.ReplyMessage(ctx, office, m.ID, "您好，请携带户口簿到学校办理；如有疑问请致电 "+rawMobile+"。", "基础教育科"); err != nil {
			t.Fatal(err)
		}
		if err := s.PublishMessage(ctx, office, m.ID); err != nil {
			t.Fatalf("publish: %v", err)
		}
		list, _ := s.PublicMessages(ctx, 10)
		one, err := s.PublicMessage(ctx, m.ID)
		if err != nil || len(list) != 1 {
			t.Fatal(err)
		}
		for _, got := range []store.Message{list[0], one} {
			all := got.Title + got.Content + got.Reply + got.Name + got.Contact
			for _, raw := range []string{rawID, rawMobile, "138 1234 5678", "zhangsan@", "张三"} {
				if strings.Contains(all, raw) {
					t.Errorf("public message holds %q: %+v", raw, got)
				}
			}
			if !strings.Contains(got.Content, "138****5678") || !strings.Contains(got.Content, "3708**********1231") || !strings.Contains(got.Reply, "138****5678") || !strings.Contains(got.Title, "138****5678") {
				t.Errorf("public message = %q / %q / %q; want the numbers masked", got.Title, got.Content, got.Reply)
			}
		}
		if pub, _ := s.Messages(ctx, store.MessageFilter{PublicOnly: true}); strings.Contains(pub[0].Content, rawID) {
			t.Errorf("Messages(PublicOnly) returns the raw text")
		}
		if staff, _ := s.Message(ctx, m.ID); !strings.Contains(staff.Content, rawID) {
			t.Errorf("the office's view lost the original text")
		}

		// A sensitive word is not masked: it stops publication until the office dismisses it.
		if err := s.SetSensitiveWords(ctx, reviewer, []string{"内部文件"}); err != nil {
			t.Fatal(err)
		}
		m2, _ := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "关于内部文件", Content: "网上流传的内部文件是否属实？"}, "10.0.0.2")
		s.ReplyMessage(ctx, office, m2.ID, "该说法不实，请以本网站发布的信息为准。", "办公室")
		fs := gateRefused(t, s.PublishMessage(ctx, office, m2.ID), "sensitive_word@message", "sensitive_word@message")
		if auditCount(t, s, "gate_refused", office.Login) != 1 {
			t.Errorf("refused publication not audited")
		}
		if got, _ := s.Message(ctx, m2.ID); got.Status != participation.MsgReplied {
			t.Errorf("status after refusal = %s; want replied", got.Status)
		}
		req := store.DismissRequest{Item: disclosure.ItemMessage, ItemID: m2.ID, Fingerprint: fs[0].Fingerprint, Reason: "网民引用的说法，答复已澄清"}
		if _, err := s.DismissFinding(ctx, reviewer, req); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("reviewer dismisses a message finding: %v; want EFORBIDDEN (the office decides)", err)
		}
		if _, err := s.DismissFinding(ctx, office, req); err != nil {
			t.Fatal(err)
		}
		if err := s.PublishMessage(ctx, office, m2.ID); err != nil {
			t.Fatalf("publish after dismissal: %v", err)
		}
		noRawIn(t, s)
	})
}

func TestParticipationPagesGated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := fixClock(s, "2023-11-01T02:00:00Z")
		u := participationUnit(t, s, "基础教育科", org.KindDepartment)
		in := participation.Consultation{Title: "义务教育入学办法（征求意见稿）", Draft: "第一条 为规范入学……联系人：王老师，手机 " + rawMobile, Explanation: "起草背景、依据和主要内容说明。",
			UnitID: u.ID, Opens: workday.MustDate("2023-11-01"), Closes: workday.MustDate("2023-12-01"), Channels: []participation.Channel{"website"}}
		id, err := s.CreateConsultation(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		// The consultation page: the office's own text is not masked; it must be fixed or dismissed.
		gateRefused(t, s.OpenConsultation(ctx, office, id), "personal_name@consultation", "mobile@consultation")
		in.Draft = "第一条 为规范入学……咨询电话见教育局网站。"
		if err := s.UpdateConsultation(ctx, office, id, in); err != nil {
			t.Fatal(err)
		}
		if err := s.OpenConsultation(ctx, office, id); err != nil {
			t.Fatalf("open after fix: %v", err)
		}
		// While open a change is public at once: gated too.
		bad := in
		bad.Explanation = "经办人身份证号 " + rawID
		gateRefused(t, s.UpdateConsultation(ctx, office, id, bad), "id_number@consultation")
		if c, _ := s.Consultation(ctx, id); strings.Contains(c.Explanation, rawID) {
			t.Errorf("refused update was saved")
		}

		// Comments: approved masked.
		cid, err := s.AddComment(ctx, id, participation.Comment{Name: "李四", Content: "建议放宽材料要求，我的电话 " + rawMobile + "，邮箱 lisi@example.com"}, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ModerateComment(ctx, office, id, cid, true); err != nil {
			t.Fatalf("approve: %v", err)
		}
		pub, _ := s.Comments(ctx, id, true)
		if len(pub) != 1 || strings.Contains(pub[0].Content, rawMobile) || !strings.Contains(pub[0].Content, "138****5678") || !strings.Contains(pub[0].Content, "l***@example.com") || pub[0].IP != "" {
			t.Errorf("public comments = %+v; want masked", pub)
		}
		// A letter recorded by the office with a sensitive word waits for moderation.
		if err := s.SetSensitiveWords(ctx, office, []string{"绝密"}); err != nil {
			t.Fatal(err)
		}
		lid, err := s.RecordReceivedComment(ctx, office, id, participation.Comment{Name: "王五", Content: "附上绝密材料一份，请查收。"}, s.Now())
		if err != nil {
			t.Fatal(err)
		}
		all, _ := s.Comments(ctx, id, false)
		for _, c := range all {
			if c.ID == lid && c.Status != store.CommentPending {
				t.Errorf("letter with a sensitive word: status %s; want pending", c.Status)
			}
		}
		fs := gateRefused(t, s.ModerateComment(ctx, office, id, lid, true), "sensitive_word@comment")
		if _, err := s.DismissFinding(ctx, office, store.DismissRequest{Item: disclosure.ItemComment, ItemID: lid, Fingerprint: fs[0].Fingerprint, Reason: "来信人的用语，不涉及真实密件"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ModerateComment(ctx, office, id, lid, true); err != nil {
			t.Fatal(err)
		}

		// The feedback report: answers and the summary are gated.
		set("2023-12-02T02:00:00Z")
		if err := s.CloseConsultation(ctx, office, id); err != nil {
			t.Fatal(err)
		}
		for _, c := range []int64{cid, lid} {
			if err := s.AnswerComment(ctx, office, id, c, participation.Adopted, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.RecordDecision(ctx, office, id, store.Decision{Title: "入学办法", Issued: workday.MustDate("2023-12-04")}); err != nil {
			t.Fatal(err)
		}
		set("2023-12-05T02:00:00Z")
		gateRefused(t, s.PublishFeedback(ctx, office, id, "共收到意见2条，采纳2条。联系人手机 "+rawMobile, workday.MustDate("2023-12-05")), "mobile@feedback")
		if err := s.PublishFeedback(ctx, office, id, "共收到意见2条，采纳2条。", workday.MustDate("2023-12-05")); err != nil {
			t.Fatalf("publish feedback: %v", err)
		}

		// A policy evaluation's results.
		eid, err := s.CreateEvaluation(ctx, office, participation.Evaluation{UnitID: u.ID, Year: 2023, Policy: "校园安全管理办法", Aspects: []string{"执行标准"},
			Methods: []string{"专题座谈"}, Findings: "学生家长赵六（手机 " + rawMobile + "）反映执行总体到位。", Measures: "加强培训"})
		if err != nil {
			t.Fatal(err)
		}
		gateRefused(t, s.PublishEvaluation(ctx, office, eid), "personal_name@evaluation", "mobile@evaluation")

		// The annual report.
		if err := s.SaveAnnualReport(ctx, office, 2023, store.ReportEdit{Sections: request.Sections{One: "全年受理申请。身份证号为 " + rawID + " 的申请已办结。"}}); err != nil {
			t.Fatal(err)
		}
		_, err = s.PublishAnnualReport(ctx, office, 2023)
		gateRefused(t, err, "id_number@annual_report")
		if years, _ := s.PublishedReportYears(ctx); len(years) != 0 {
			t.Errorf("refused report was published: %v", years)
		}
		s.SaveAnnualReport(ctx, office, 2023, store.ReportEdit{Sections: request.Sections{One: "全年受理申请，均已办结。"}})
		if _, err := s.PublishAnnualReport(ctx, office, 2023); err != nil {
			t.Fatalf("publish report after fix: %v", err)
		}
		noRawIn(t, s)
	})
}
