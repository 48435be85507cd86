package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

var office = auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}

func participationUnit(t *testing.T, s *store.Store, name string, kind org.Kind) org.Unit {
	t.Helper()
	u, err := s.CreateUnit(context.Background(), office, org.Unit{Name: name, Kind: kind, Code: name})
	if err != nil {
		t.Fatalf("create unit: %v", err)
	}
	return u
}

func fixClock(s *store.Store, at string) func(string) {
	now, _ := time.Parse(time.RFC3339, at)
	s.Now = func() time.Time { return now }
	return func(v string) { now, _ = time.Parse(time.RFC3339, v) }
}

func TestConsultationFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := fixClock(s, "2023-11-01T02:00:00Z")
		u := participationUnit(t, s, "基础教育科", org.KindDepartment)
		in := participation.Consultation{Title: "义务教育入学办法（征求意见稿）", Draft: "第一条 为规范义务教育入学……", Explanation: "起草背景、依据和主要内容说明。",
			UnitID: u.ID, Major: true, Opens: workday.MustDate("2023-11-01"), Closes: workday.MustDate("2023-11-20"), Channels: []participation.Channel{"website"}}
		if _, err := s.CreateConsultation(ctx, office, in); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("20-day major consultation without reason: error %v; want invalid", err)
		}
		in.ShortReason = "须在寒假前完成招生方案"
		id, err := s.CreateConsultation(ctx, office, in)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if _, err := s.AddComment(ctx, id, participation.Comment{Content: "建议放宽随迁子女入学材料要求。"}, "10.0.0.1"); err == nil {
			t.Fatalf("comment on a draft: error nil; want refused")
		}
		if err := s.OpenConsultation(ctx, office, id); err != nil {
			t.Fatalf("open: %v", err)
		}
		cid, err := s.AddComment(ctx, id, participation.Comment{Name: "张女士", Content: "建议放宽随迁子女入学材料要求。"}, "10.0.0.1")
		if err != nil {
			t.Fatalf("comment: %v", err)
		}
		spam, _ := s.AddComment(ctx, id, participation.Comment{Content: "广告广告广告广告"}, "10.0.0.2")
		if pub, _ := s.Comments(ctx, id, true); len(pub) != 0 {
			t.Fatalf("public comments before moderation = %d; want 0", len(pub))
		}
		if err := s.ModerateComment(ctx, office, id, cid, true); err != nil {
			t.Fatalf("approve: %v", err)
		}
		if err := s.ModerateComment(ctx, office, id, spam, false); err != nil {
			t.Fatalf("reject: %v", err)
		}
		if err := s.ModerateComment(ctx, office, id, spam, true); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Fatalf("moderate twice: error %v; want conflict", err)
		}
		if pub, _ := s.Comments(ctx, id, true); len(pub) != 1 || pub[0].Name != "张女士" {
			t.Fatalf("public comments = %+v; want the approved one", pub)
		}
		if _, err := s.RecordDecision(ctx, office, id, store.Decision{Title: "入学办法", Issued: workday.MustDate("2023-11-25")}); err == nil {
			t.Fatalf("decision while open: error nil; want refused")
		}
		if err := s.CloseConsultation(ctx, office, id); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("close before the last day: error %v; want invalid", err)
		}
		set("2023-11-21T02:00:00Z")
		if _, err := s.AddComment(ctx, id, participation.Comment{Content: "截止后才提交的意见。"}, "10.0.0.1"); err == nil {
			t.Fatalf("comment after closing date: error nil; want refused")
		}
		if err := s.CloseConsultation(ctx, office, id); err != nil {
			t.Fatalf("close: %v", err)
		}
		if _, err := s.RecordDecision(ctx, office, id, store.Decision{Title: "入学办法", Issued: workday.MustDate("2023-11-19")}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("decision before closing: error %v; want invalid", err)
		}
		res, err := s.RecordDecision(ctx, office, id, store.Decision{DocumentID: 42, Title: "兖州区义务教育入学办法", Number: "兖教体发〔2023〕12号", Issued: workday.MustDate("2023-11-22")})
		if err != nil {
			t.Fatalf("decision: %v", err)
		}
		if res.Due.String() != "2023-12-06" {
			t.Errorf("feedback due = %s; want 2023-12-06", res.Due)
		}
		if err := s.PublishFeedback(ctx, office, id, "共收到意见 1 条。", workday.MustDate("2023-11-23")); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("publish with an unanswered comment: error %v; want invalid", err)
		}
		if err := s.AnswerComment(ctx, office, id, cid, participation.Partly, "材料清单已精简，但户籍证明仍需提供"); err != nil {
			t.Fatalf("answer: %v", err)
		}
		if _, err := s.AddFeedbackItem(ctx, office, id, store.FeedbackItem{Opinion: "座谈会：建议公开学区划分依据", Count: 3, Verdict: participation.Adopted}); err != nil {
			t.Fatalf("feedback item: %v", err)
		}
		if err := s.PublishFeedback(ctx, office, id, "共收到意见 4 条。", workday.MustDate("2023-11-21")); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("feedback dated before the decision: error %v; want invalid", err)
		}
		// The figures are computed from the marked opinions (1 comment
		// partly adopted, a group of 3 adopted): a typed 采纳4条 is refused.
		if err := s.PublishFeedback(ctx, office, id, "共收到意见 4 条，采纳4条。", workday.MustDate("2023-11-23")); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(err.Error(), "采纳3条") {
			t.Fatalf("summary stating 采纳4条 where 3 are marked: error %v; want invalid naming 采纳3条", err)
		}
		if err := s.PublishFeedback(ctx, office, id, "共收到意见 4 条。", workday.MustDate("2023-11-23")); err != nil {
			t.Fatalf("publish: %v", err)
		}
		c, err := s.Consultation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := "征求意见期间共收到意见4条（网上和来信1条，座谈会等其他方式3条），其中采纳3条，部分采纳1条，不予采纳0条。\n共收到意见 4 条。"; c.FeedbackSummary != want {
			t.Errorf("published summary = %q; want %q", c.FeedbackSummary, want)
		}
		if c.Status != participation.StatusPublished || c.DecisionDocID != 42 || c.FeedbackDue.String() != "2023-12-06" || c.Approved != 1 {
			t.Errorf("consultation = %s doc %d due %s approved %d; want published 42 2023-12-06 1", c.Status, c.DecisionDocID, c.FeedbackDue, c.Approved)
		}
	})
}

func TestMessageFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := fixClock(s, "2023-11-01T02:00:00Z")
		u := participationUnit(t, s, "基础教育科", org.KindDepartment)
		if err := s.PutSetting(ctx, office, store.SettingReplyWorkdays, "3"); err != nil {
			t.Fatal(err)
		}
		m, err := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "学区咨询", Content: "请问学区如何划分？"}, "10.0.0.1")
		if err != nil {
			t.Fatalf("submit: %v", err)
		}
		if m.Due.String() != "2023-11-06" {
			t.Errorf("due with 3 working days = %s; want 2023-11-06", m.Due)
		}
		if err := s.PublishMessage(ctx, office, m.ID); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("publish unanswered: error %v; want invalid", err)
		}
		if err := s.AssignMessage(ctx, office, m.ID, u.ID, ""); err != nil {
			t.Fatalf("assign: %v", err)
		}
		inbox, err := s.Notifications(ctx, auth.User{ID: 999, Role: auth.RoleUnit, UnitID: u.ID}, true, 10)
		if err != nil || len(inbox) != 1 || !strings.Contains(inbox[0].Title, "学区咨询") {
			t.Errorf("unit inbox after assignment = %+v, %v; want one reminder to reply", inbox, err)
		}
		set("2024-02-02T02:00:00Z")
		st, err := s.MessageStatistics(ctx, 2023, workday.MustDate("2024-02-02"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 1 || st.Open != 1 || st.Overdue != 1 || st.Stale != 1 {
			t.Errorf("stats = %+v; want 1 open, overdue and stale", st)
		}
		if err := s.ReplyMessage(ctx, office, m.ID, "按学区划分方案执行，详见公告。", "基础教育科"); err != nil {
			t.Fatalf("reply: %v", err)
		}
		if err := s.PublishMessage(ctx, office, m.ID); err != nil {
			t.Fatalf("publish: %v", err)
		}
		pub, err := s.Messages(ctx, store.MessageFilter{PublicOnly: true})
		if err != nil || len(pub) != 1 || pub[0].Replied.String() != "2024-02-02" || pub[0].ReplyUnit != "基础教育科" {
			t.Fatalf("public messages = %+v, %v; want the replied one", pub, err)
		}
	})
}

func TestRiskAssessmentDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixClock(s, "2023-11-01T02:00:00Z")
		done, err := s.RiskAssessmentDone(ctx, 7)
		if err != nil || done {
			t.Fatalf("RiskAssessmentDone before = %v, %v; want false", done, err)
		}
		r := participation.Risk{DocumentID: 7, DocumentTitle: "课后服务收费办法", AssessedOn: workday.MustDate("2023-11-02"), Method: "舆情监测分析",
			Findings: "家长关注收费标准。", Level: "medium", Conclusion: "风险可控", Assessor: "王主任"}
		if _, err := s.AddRiskAssessment(ctx, office, r); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("assessment dated tomorrow: error %v; want invalid", err)
		}
		r.AssessedOn = workday.MustDate("2023-10-30")
		if _, err := s.AddRiskAssessment(ctx, office, r); err != nil {
			t.Fatalf("add: %v", err)
		}
		if done, err := s.RiskAssessmentDone(ctx, 7); err != nil || !done {
			t.Errorf("RiskAssessmentDone(7) = %v, %v; want true", done, err)
		}
		if done, _ := s.RiskAssessmentDone(ctx, 8); done {
			t.Errorf("RiskAssessmentDone(8) = true; want false")
		}
	})
}

func TestMediaLifeCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixClock(s, "2023-11-01T02:00:00Z")
		u := participationUnit(t, s, "宣传信息中心", org.KindCenter)
		id, err := s.ApplyOpenMedia(ctx, office, participation.Account{Platform: "微信公众号", Name: "兖州教体", AccountID: "gh_123", UnitID: u.ID, Person: "李明", Purpose: "发布政务信息"}, "统一发布渠道")
		if err != nil {
			t.Fatalf("apply open: %v", err)
		}
		if err := s.SetLastPost(ctx, office, id, workday.MustDate("2023-10-30")); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("last post on a pending account: %v; want invalid", err)
		}
		apps, _ := s.MediaApplications(ctx, id, true)
		if len(apps) != 1 {
			t.Fatalf("pending applications = %d; want 1", len(apps))
		}
		if err := s.DecideMediaApplication(ctx, office, apps[0].ID, true, "同意", nil); err != nil {
			t.Fatalf("approve open: %v", err)
		}
		n, err := s.ImportLastPosts(ctx, office, "posts.csv", []store.LastPostRow{{Row: 2, Platform: "微信公众号", AccountID: "gh_123", Date: workday.MustDate("2023-10-20")}})
		if err != nil || n != 1 {
			t.Fatalf("import = %d, %v; want 1", n, err)
		}
		if _, err := s.ImportLastPosts(ctx, office, "posts.csv", []store.LastPostRow{{Row: 3, AccountID: "nope", Date: workday.MustDate("2023-10-21")}}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("import unknown account: %v; want invalid", err)
		}
		m, _ := s.MediaAccount(ctx, id)
		if m.Status != participation.AccountActive || m.LastPost.String() != "2023-10-20" || m.Freshness(workday.MustDate("2023-11-05")) != participation.StateOverdue {
			t.Errorf("account = %s last %s fresh %s; want active 2023-10-20 overdue", m.Status, m.LastPost, m.Freshness(workday.MustDate("2023-11-05")))
		}
		if _, err := s.AddMediaRelease(ctx, office, store.MediaRelease{AccountID: id, DocumentID: 5, DocumentTitle: "招生公告", Released: workday.MustDate("2023-10-31")}); err != nil {
			t.Fatalf("release: %v", err)
		}
		if m, _ := s.MediaAccount(ctx, id); m.LastPost.String() != "2023-10-31" {
			t.Errorf("last post after release = %s; want 2023-10-31", m.LastPost)
		}
		if _, err := s.ApplyMedia(ctx, office, id, participation.AppClose, "", "合并到区政府账号"); err != nil {
			t.Fatalf("apply close: %v", err)
		}
		apps, _ = s.MediaApplications(ctx, id, true)
		if err := s.DecideMediaApplication(ctx, office, apps[0].ID, true, "", nil); err != nil {
			t.Fatalf("approve close: %v", err)
		}
		if m, _ := s.MediaAccount(ctx, id); m.Status != participation.AccountClosed || m.Closed.String() != "2023-11-01" {
			t.Errorf("after close = %s %s; want closed 2023-11-01", m.Status, m.Closed)
		}
	})
}

func TestOpinionAndEvaluation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixClock(s, "2023-11-01T10:00:00Z")
		u := participationUnit(t, s, "安全管理科", org.KindDepartment)
		disc := time.Date(2023, 11, 1, 2, 0, 0, 0, time.UTC)
		id, err := s.CreateOpinionEvent(ctx, office, store.OpinionEvent{Title: "校车事故传言", Source: "微博", Summary: "网传校车事故", Discovered: disc, Severity: participation.SeverityMajor, UnitID: u.ID})
		if err != nil {
			t.Fatalf("create event: %v", err)
		}
		if _, err := s.AddOpinionResponse(ctx, office, id, store.OpinionResponse{Kind: participation.ResponseStatement, At: disc.Add(-time.Hour), Summary: "情况通报"}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("response before discovery: %v; want invalid", err)
		}
		if _, err := s.AddOpinionResponse(ctx, office, id, store.OpinionResponse{Kind: participation.ResponseStatement, At: disc.Add(3 * time.Hour), Summary: "情况通报"}); err != nil {
			t.Fatalf("response: %v", err)
		}
		e, _ := s.OpinionEvent(ctx, id)
		cl := e.Clocks(s.Now())
		if len(cl) != 2 || cl[0].State != participation.StateMet || cl[1].State != participation.StateOpen {
			t.Errorf("clocks = %+v; want authoritative met, press open", cl)
		}
		ev := participation.Evaluation{UnitID: u.ID, Year: 2023, Policy: "校园安全管理办法", Aspects: []string{"执行标准"}, Methods: []string{"专题座谈"}, Findings: "执行总体到位。", Measures: "加强培训"}
		eid, err := s.CreateEvaluation(ctx, office, ev)
		if err != nil {
			t.Fatalf("evaluation: %v", err)
		}
		q, err := s.EvaluationQuota(ctx, 2023, workday.MustDate("2023-12-02"))
		if err != nil || len(q) != 1 || q[0].Done != 1 || q[0].State != participation.StateOverdue {
			t.Fatalf("quota = %+v, %v; want 1 of 2, overdue in December", q, err)
		}
		// The quota is the bureau's by default (the notice asks it of the
		// 部门): a second department's evaluation makes two, met; a
		// department with none raises no alarm of its own.
		u2 := participationUnit(t, s, "基础教育科", org.KindDepartment)
		participationUnit(t, s, "职教科", org.KindDepartment)
		ev2 := ev
		ev2.UnitID, ev2.Policy = u2.ID, "课后服务管理办法"
		if _, err := s.CreateEvaluation(ctx, office, ev2); err != nil {
			t.Fatal(err)
		}
		q, err = s.EvaluationQuota(ctx, 2023, workday.MustDate("2023-12-02"))
		if err != nil || len(q) != 1 || q[0].UnitID != 0 || q[0].UnitName != participation.BureauRow || q[0].Done != 2 || q[0].State != participation.StateMet {
			t.Fatalf("bureau quota = %+v, %v; want one row, 2 of 2, met", q, err)
		}
		// Per department when chosen: each counts its own, 职教科 overdue.
		if err := s.SaveEvaluationQuota(ctx, office, 1, participation.ScopeDepartment); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveEvaluationQuota(ctx, office, 2, "everyone"); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("unknown scope: %v; want invalid", err)
		}
		q, err = s.EvaluationQuota(ctx, 2023, workday.MustDate("2023-12-02"))
		states := map[string]participation.State{}
		for _, r := range q {
			states[r.UnitName] = r.State
		}
		if err != nil || len(q) != 3 || states["职教科"] != participation.StateOverdue || states["基础教育科"] != participation.StateMet || states["安全管理科"] != participation.StateMet {
			t.Fatalf("department quota = %+v, %v; want 3 departments, 职教科 overdue, the others met", q, err)
		}
		if err := s.PublishEvaluation(ctx, office, eid); err != nil {
			t.Fatalf("publish evaluation: %v", err)
		}
		if pub, _ := s.Evaluations(ctx, 2023, 0, true); len(pub) != 1 {
			t.Errorf("published evaluations = %d; want 1", len(pub))
		}
	})
}

func TestParticipationReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := fixClock(s, "2023-11-01T02:00:00Z")
		u := participationUnit(t, s, "基础教育科", org.KindDepartment)
		m, err := s.RegisterMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "旧留言", Content: "一条很久以前的留言。"}, "", workday.MustDate("2023-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AssignMessage(ctx, office, m.ID, u.ID, ""); err != nil {
			t.Fatal(err)
		}
		disc := time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC) // 2 h before now
		if _, err := s.CreateOpinionEvent(ctx, office, store.OpinionEvent{Title: "突发事件", Source: "微博", Summary: "摘要", Discovered: disc, Severity: participation.SeverityMajor, UnitID: u.ID}); err != nil {
			t.Fatal(err)
		}
		n, err := s.ParticipationReminders(ctx, s.Now())
		if err != nil {
			t.Fatal(err)
		}
		// The stale message to the unit and the office, and the bureau
		// behind its evaluations (due soon from July) to the office; the 5 h
		// clock has 3 h left and is not yet due soon.
		if n != 3 {
			t.Errorf("reminders created = %d; want 3 (stale message to unit and office, the bureau's evaluation quota to the office)", n)
		}
		if n, _ := s.ParticipationReminders(ctx, s.Now()); n != 0 {
			t.Errorf("second run created %d; want 0 (keyed)", n)
		}
		set("2023-11-01T04:30:00Z") // 4.5 h after discovery: the 5 h clock is due soon
		if n, _ := s.ParticipationReminders(ctx, s.Now()); n != 2 {
			t.Errorf("at 4.5 h created %d; want 2 (5 h clock due soon)", n)
		}
		set("2023-11-01T05:30:00Z") // 5.5 h: overdue
		if n, _ := s.ParticipationReminders(ctx, s.Now()); n != 2 {
			t.Errorf("at 5.5 h created %d; want 2 (5 h clock overdue)", n)
		}
		list, err := s.Notifications(ctx, auth.User{ID: 0, Role: auth.RoleOffice}, false, 50)
		if err != nil {
			t.Fatal(err)
		}
		var veto bool
		for _, nt := range list {
			if nt.Key == "participation:message:"+fmtInt(m.ID)+":stale-3m:office" && nt.Level == "alert" {
				veto = true
			}
		}
		if !veto {
			t.Errorf("no alert for the message unanswered for more than 3 months among %d notifications", len(list))
		}
	})
}

func TestRecomputeParticipationClocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixClock(s, "2023-11-01T02:00:00Z")
		m, err := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "咨询", Content: "请问如何办理转学？"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if m.Due.String() != "2023-11-08" {
			t.Fatalf("due = %s; want 2023-11-08", m.Due)
		}
		// A new holiday on 2023-11-06 moves the due date one working day.
		cal := workday.New([]workday.Day{{Date: workday.MustDate("2023-11-06"), Kind: workday.Holiday, Name: "测试"}})
		n, err := participationRecomputed(s.RecomputeClocks(ctx, cal, office))
		if err != nil || n != 1 {
			t.Fatalf("recompute = %d, %v; want 1", n, err)
		}
		got, _ := s.Message(ctx, m.ID)
		if got.Due.String() != "2023-11-09" {
			t.Errorf("due after the new holiday = %s; want 2023-11-09", got.Due)
		}
		if n, _ := participationRecomputed(s.RecomputeClocks(ctx, cal, office)); n != 0 {
			t.Errorf("second recompute changed %d; want 0", n)
		}
	})
}
