package demo

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// seedParticipation adds the demo data of this area: one open consultation
// with comments, one closed with its published feedback report, a few
// messages (one unanswered for more than 3 months), opinion events, two
// media accounts, a policy evaluation and a risk assessment.
func seedParticipation(ctx context.Context, d *Demo) error {
	st, a := d.Store, d.Actor
	today := workday.DateOf(d.Now)
	jjk, zjk, xc := d.Units["基础教育科"].ID, d.Units["职教科"].ID, d.Units["宣传信息中心"].ID
	aq := d.Units["安全管理科"].ID

	// An open consultation with comments.
	open := participation.Consultation{
		Title:       "兖州区义务教育阶段学校招生入学工作实施办法（征求意见稿）",
		Draft:       "第一条 为规范义务教育阶段学校招生入学工作，保障适龄儿童少年依法接受义务教育，制定本办法。\n第二条 公办学校实行划片招生、免试就近入学。\n第三条 随迁子女入学材料按“一件事一次办”要求精简。",
		Explanation: "起草背景：落实上级关于义务教育免试就近入学的要求。\n主要内容：划片原则、入学材料、随迁子女入学、特殊群体保障。",
		UnitID:      jjk, Major: true, Opens: today.AddDays(-5), Closes: today.AddDays(24),
		Channels: []participation.Channel{"website", "newmedia", "newspaper"},
	}
	openID, err := st.CreateConsultation(ctx, a, open)
	if err != nil {
		return fmt.Errorf("demo: consultation: %w", err)
	}
	if err := st.OpenConsultation(ctx, a, openID); err != nil {
		return err
	}
	if _, err := st.RecordReceivedComment(ctx, a, openID, participation.Comment{Name: "李先生", Content: "建议在招生简章中公布每所学校的学区范围示意图，方便家长查询。"}, d.Now.Add(-72*time.Hour)); err != nil {
		return err
	}
	if _, err := st.AddComment(ctx, openID, participation.Comment{Name: "一位家长", Content: "随迁子女的居住证明能否以租房合同备案代替？"}, "192.0.2.10"); err != nil {
		return fmt.Errorf("demo: comment: %w", err)
	}

	// A closed consultation with its feedback report.
	closed := participation.Consultation{
		Title:       "兖州区中小学课后服务管理办法（征求意见稿）",
		Draft:       "第一条 课后服务坚持学生自愿参加原则。\n第二条 课后服务时间原则上不早于当地正常下班时间。",
		Explanation: "为规范课后服务，减轻家长接送负担，起草本办法。",
		UnitID:      jjk, Major: true, Opens: today.AddDays(-80), Closes: today.AddDays(-51),
		Channels: []participation.Channel{"website", "newmedia", "press"},
	}
	closedID, err := st.CreateConsultation(ctx, a, closed)
	if err != nil {
		return err
	}
	if err := st.OpenConsultation(ctx, a, closedID); err != nil {
		return err
	}
	c1, err := st.RecordReceivedComment(ctx, a, closedID, participation.Comment{Name: "王女士", Content: "建议课后服务延长到18:00，并提供托管晚餐。"}, d.Now.AddDate(0, 0, -70))
	if err != nil {
		return err
	}
	c2, err := st.RecordReceivedComment(ctx, a, closedID, participation.Comment{Content: "建议课后服务全部免费。"}, d.Now.AddDate(0, 0, -60))
	if err != nil {
		return err
	}
	if err := st.CloseConsultation(ctx, a, closedID); err != nil {
		return err
	}
	if _, err := st.AddInput(ctx, a, closedID, participation.Input{Kind: "symposium", HeldOn: today.AddDays(-60), Place: "区教体局三楼会议室",
		Participants: "家长代表12名、学校代表6名", Summary: "与会代表普遍支持开展课后服务，希望丰富活动内容、合理确定收费标准。"}); err != nil {
		return err
	}
	if _, err := st.RecordDecision(ctx, a, closedID, store.Decision{Title: "兖州区中小学课后服务管理办法", Number: fmt.Sprintf("兖教体发〔%d〕8号", today.AddDays(-45).Year), Issued: today.AddDays(-45)}); err != nil {
		return fmt.Errorf("demo: decision: %w", err)
	}
	if err := st.AnswerComment(ctx, a, closedID, c1, participation.Partly, "服务时间延长至18:00已采纳；晚餐由学校根据条件自主决定。"); err != nil {
		return err
	}
	if err := st.AnswerComment(ctx, a, closedID, c2, participation.NotAdopted, "按照上级规定，课后服务可收取合理费用，困难家庭学生免费。"); err != nil {
		return err
	}
	if _, err := st.AddFeedbackItem(ctx, a, closedID, store.FeedbackItem{Opinion: "座谈会：丰富课后服务活动内容", Count: 8, Verdict: participation.Adopted}); err != nil {
		return err
	}
	// The figures (采纳8条，部分采纳1条，不予采纳1条) are computed from the
	// marked opinions; the note adds what the figures do not say.
	if err := st.PublishFeedback(ctx, a, closedID, "座谈会上家长和学校代表普遍支持开展课后服务，希望丰富活动内容；延长服务时间的建议已采纳，全部免费的建议因上级规定未予采纳。", today.AddDays(-40)); err != nil {
		return fmt.Errorf("demo: feedback: %w", err)
	}

	// Messages: one published, one in progress, one new error report, one
	// unanswered for more than 3 months.
	m1, err := st.RegisterMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "幼儿园入园报名时间咨询", Content: "请问今年公办幼儿园什么时候报名？需要准备哪些材料？", Name: "张女士", Contact: "138****0000"}, "", today.AddDays(-20))
	if err != nil {
		return fmt.Errorf("demo: message: %w", err)
	}
	if err := st.AssignMessage(ctx, a, m1.ID, jjk, ""); err != nil {
		return err
	}
	if err := st.ReplyMessage(ctx, a, m1.ID, "您好！今年公办幼儿园报名时间为7月10日至15日，所需材料见教体局网站招生公告。感谢您的关注。", "基础教育科"); err != nil {
		return err
	}
	if err := st.PublishMessage(ctx, a, m1.ID); err != nil {
		return err
	}
	m2, err := st.RegisterMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "职业学校专业设置建议", Content: "建议职业中专增设新能源汽车维修专业。", Name: "赵先生"}, "", today.AddDays(-2))
	if err != nil {
		return err
	}
	if err := st.AssignMessage(ctx, a, m2.ID, zjk, "请研究答复"); err != nil {
		return err
	}
	if _, err := st.RegisterMessage(ctx, participation.Message{Kind: participation.KindError, Title: "招生公告附件链接失效", Content: "招生公告页面的附件下载链接打不开。", PageURL: "https://www.yanzhou.gov.cn/jtj/zsgg.html"}, "", today); err != nil {
		return err
	}
	if _, err := st.RegisterMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "学校周边交通安全问题", Content: "实验小学门口上下学时段交通拥堵，建议设置护学岗。", Name: "刘先生"}, "", today.AddDays(-100)); err != nil {
		return err
	}

	// Opinion events.
	ev, err := st.CreateOpinionEvent(ctx, a, store.OpinionEvent{Title: "网传某校食堂食品安全问题", Source: "本地论坛", Link: "https://bbs.example.cn/t/123",
		Summary: "网帖称某校食堂饭菜变质，引发家长关注。", Discovered: d.Now.Add(-3 * time.Hour), Severity: participation.SeverityOther, UnitID: aq})
	if err != nil {
		return fmt.Errorf("demo: opinion: %w", err)
	}
	_ = ev
	major, err := st.CreateOpinionEvent(ctx, a, store.OpinionEvent{Title: "校车侧翻事故", Source: "微博", Summary: "网传一辆校车在乡村道路侧翻。",
		Discovered: d.Now.Add(-4 * time.Hour), Severity: participation.SeverityMajor, UnitID: aq})
	if err != nil {
		return err
	}
	if _, err := st.AddOpinionResponse(ctx, a, major, store.OpinionResponse{Kind: participation.ResponseStatement, At: d.Now.Add(-2 * time.Hour), Summary: "发布情况通报：车上学生均已安全转移，2名学生轻微擦伤已送医检查。"}); err != nil {
		return err
	}

	// Two media accounts: one fresh, one not updated for over 2 weeks.
	wx, err := st.ApplyOpenMedia(ctx, a, participation.Account{Platform: "微信公众号", Name: "兖州教体", AccountID: "gh_yzjt2019", UnitID: xc, Person: "宣传信息中心 李明", Purpose: "发布教育政策、工作动态和招生信息"}, "统一发布政务信息")
	if err != nil {
		return fmt.Errorf("demo: media: %w", err)
	}
	dy, err := st.ApplyOpenMedia(ctx, a, participation.Account{Platform: "抖音", Name: "兖州教体发布", AccountID: "yzjtfb", UnitID: xc, Person: "宣传信息中心 王芳", Purpose: "短视频政策解读"}, "拓展政策解读形式")
	if err != nil {
		return err
	}
	apps, err := st.MediaApplications(ctx, 0, true)
	if err != nil {
		return err
	}
	for _, ap := range apps {
		if err := st.DecideMediaApplication(ctx, a, ap.ID, true, "同意开设", nil); err != nil {
			return err
		}
	}
	if err := st.SetLastPost(ctx, a, wx, today.AddDays(-2)); err != nil {
		return err
	}
	if err := st.SetLastPost(ctx, a, dy, today.AddDays(-20)); err != nil {
		return err
	}

	// A policy evaluation and a risk assessment.
	eid, err := st.CreateEvaluation(ctx, a, participation.Evaluation{UnitID: jjk, Year: today.Year, Policy: "兖州区中小学课后服务管理办法",
		Aspects: []string{"执行标准", "使用情况", "取得成效", "存在问题"}, Methods: []string{"征集调查", "专题座谈"},
		Findings: "全区课后服务覆盖率达98%，家长满意度较高；部分学校活动内容单一。", Measures: "引入社会优质资源，丰富课后服务课程。"})
	if err != nil {
		return fmt.Errorf("demo: evaluation: %w", err)
	}
	if err := st.PublishEvaluation(ctx, a, eid); err != nil {
		return err
	}
	// The second of the two a year the notice asks of the bureau (seed
	// tasks 15–16), its results not yet published.
	if _, err := st.CreateEvaluation(ctx, a, participation.Evaluation{UnitID: d.Units["政策研究室"].ID, Year: today.Year, Policy: "兖州区义务教育阶段学生资助实施办法",
		Aspects: []string{"适用范围", "使用情况", "存在问题"}, Methods: []string{"重点访谈", "网络问政"},
		Findings: "资助对象认定基本准确；个别学校资助政策宣传不到位，部分家长不了解申请渠道。", Measures: "编印资助政策明白纸，开学时发放到每名学生家庭。"}); err != nil {
		return fmt.Errorf("demo: evaluation: %w", err)
	}
	return nil
}
