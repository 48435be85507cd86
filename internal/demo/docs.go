package demo

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// docsCatalog is the standard catalogue of 义务教育领域基层政务公开标准指引
// (regulations.md §8), as a bureau would import it.
//
//go:embed data/docs_catalog.tsv
var docsCatalog []byte

type demoDoc struct {
	unit, title, docNo, catalog, genre, topic string
	tags                                      []string
	body                                      string
	daysAgo                                   int
	audience                                  string
}

// seedDocs adds the demo data of this area: the 义务教育 catalogue, a few
// published documents (through the real review workflow), one with its
// interpretations, a targeted one, a repealed one, a policy package and a
// draft waiting for review.
func seedDocs(ctx context.Context, d *Demo) error {
	st := d.Store
	tables, err := office.ReadTables("docs_catalog.tsv", docsCatalog)
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	m, err := office.MapTables("docs_catalog.tsv", tables, disclosure.CatalogSchema)
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	rows, err := disclosure.CatalogRows("docs_catalog.tsv", m)
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	if _, err := st.ImportCatalog(ctx, d.Actor, rows); err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	items, err := st.CatalogItems(ctx)
	if err != nil {
		return err
	}
	itemID := map[string]int64{}
	for _, it := range items {
		itemID[it.Name] = it.ID
	}
	if err := st.SetSensitiveWords(ctx, d.Actor, []string{"内部资料", "内部文件", "绝密", "机密", "涉密"}); err != nil {
		return err
	}
	if err := st.PutSynonym(ctx, d.Actor, "双减", []string{"减负"}); err != nil {
		return err
	}
	if err := st.PutSynonym(ctx, d.Actor, "入学", []string{"招生"}); err != nil {
		return err
	}

	year := workday.DateOf(d.Now).Year
	today := workday.DateOf(d.Now.In(shanghai()))
	author := auth.ActorOf(d.Users["jijiaoke"], "")
	office := auth.ActorOf(d.Users["bangongshi"], "")
	reviewer := auth.ActorOf(d.Users["shencha"], "")
	leader := auth.ActorOf(d.Users["fenguan"], "")
	create := func(dd demoDoc, by auth.Actor) (int64, error) {
		in := store.DocumentInput{UnitID: d.Units[dd.unit].ID, Title: dd.title, DocNo: dd.docNo, WrittenOn: today.AddDays(-dd.daysAgo),
			CatalogItemID: itemID[dd.catalog], Genre: dd.genre, Topic: dd.topic, Tags: dd.tags, BodyText: dd.body, BodyHTML: sanitize.Text(dd.body),
			Attribute: disclosure.AttrProactive, AudienceUnitID: d.Units[dd.audience].ID}
		return st.CreateDocument(ctx, by, in)
	}
	// Each document is written daysAgo and published a day later (by then
	// reviewed and signed), so the portal's lists have dates over months.
	saved := st.Now
	defer func() { st.Now = saved }()
	on := func(daysAgo int) { day := today.AddDays(-daysAgo); st.Now = func() time.Time { return at(day, 30) } }
	publish := func(id int64, by auth.Actor) error {
		for _, mv := range []struct {
			a   auth.Actor
			act disclosure.Action
		}{{by, disclosure.ActSubmit}, {reviewer, disclosure.ActPass}, {leader, disclosure.ActSign}} {
			if _, err := st.MoveDocument(ctx, mv.a, store.MoveRequest{ID: id, Action: mv.act}); err != nil {
				return fmt.Errorf("demo document %d %s: %w", id, mv.act, err)
			}
		}
		return nil
	}

	docs := []demoDoc{
		{unit: "基础教育科", title: fmt.Sprintf("关于做好%d年义务教育阶段学校招生入学工作的通知", year), docNo: fmt.Sprintf("济兖教体字〔%d〕12号", year), catalog: "招生政策",
			genre: disclosure.GenreNotice, topic: "招生考试", tags: []string{"招生入学", "家长"}, daysAgo: 40,
			body: "各镇街教委、区直各学校：\n\n为做好今年义务教育阶段学校招生入学工作，坚持免试就近入学，现将有关事项通知如下。\n\n一、入学对象。凡年满6周岁的适龄儿童均应入学接受义务教育。\n\n二、报名方式。家长通过“兖州教育”平台网上报名，按学区划分办理入学。\n\n三、随迁子女入学。进城务工人员随迁子女凭居住证明等材料，由教育部门统筹安排入学。"},
		{unit: "基础教育科", title: fmt.Sprintf("兖州区%d年义务教育学校学区划分公告", year), catalog: "招生范围", genre: disclosure.GenreNotice, topic: "招生考试",
			tags: []string{"招生入学", "家长"}, daysAgo: 34,
			body: "根据全区适龄儿童分布和学校布局，现将城区小学、初中学区划分公告如下：兖州区实验小学：鼓楼街道东部；兖州区第一实验小学：鼓楼街道西部……"},
		{unit: "基础教育科", title: "兖州区深化“双减”工作实施方案", docNo: fmt.Sprintf("济兖教体发〔%d〕3号", year), catalog: "规范性文件", genre: disclosure.GenrePolicy,
			topic: "教育", tags: []string{"双减", "校外培训"}, daysAgo: 75,
			body: "为进一步减轻义务教育阶段学生作业负担和校外培训负担（“双减”），制定本方案。\n\n一、全面压减作业总量和时长。\n\n二、提升课后服务水平，满足学生多样化需求。\n\n三、从严治理校外培训机构，规范培训行为。"},
		{unit: "办公室", title: "济宁市兖州区教育和体育局政府信息公开保密审查制度", catalog: "规范性文件", genre: disclosure.GenreOther, topic: "综合政务",
			tags: []string{"公开制度"}, daysAgo: 160,
			body: "第一条 为规范政府信息公开保密审查工作，坚持“先审查、后公开”和“一事一审”原则，制定本制度。\n\n第二条 拟公开的政府信息由起草单位初审，办公室保密审查员复审，分管负责人签发后公开。"},
		{unit: "办公室", title: fmt.Sprintf("济宁市兖州区教育和体育局%d年政府信息公开工作年度报告", year-1), catalog: "教育事业发展主要情况", genre: disclosure.GenreReport, topic: "综合政务",
			daysAgo: annualReportDaysAgo(today), body: "本报告依据《中华人民共和国政府信息公开条例》第五十条和《中华人民共和国政府信息公开工作年度报告格式》编制。"},
		{unit: "兖州区实验小学", title: fmt.Sprintf("兖州区实验小学%d年一年级新生入学须知", year), catalog: "学校介绍", genre: disclosure.GenreNotice, topic: "招生考试",
			daysAgo: 9, audience: "兖州区实验小学",
			body: "各位新生家长：请于开学前携带户口簿、居住证明到校办理入学报到手续。"},
	}
	ids := make([]int64, len(docs))
	for i, dd := range docs {
		by := author
		if dd.unit == "办公室" || dd.unit == "兖州区实验小学" {
			by = office
		}
		on(dd.daysAgo)
		id, err := create(dd, by)
		if err != nil {
			return fmt.Errorf("demo document %s: %w", dd.title, err)
		}
		ids[i] = id
		if dd.genre == disclosure.GenrePolicy {
			if _, err := st.AddInterpretation(ctx, author, disclosure.Interpretation{DocumentID: id, Form: "text", Title: "一图读懂《兖州区深化“双减”工作实施方案》",
				BodyHTML: sanitize.Text("方案聚焦作业、课后服务、校外培训三方面，共提出十项措施。\n\n一是作业总量：小学一二年级不布置书面家庭作业。\n\n二是课后服务：每周5天、每天至少2小时。")}); err != nil {
				return err
			}
			if _, err := st.AddInterpretation(ctx, author, disclosure.Interpretation{DocumentID: id, Form: "qa", Title: "“双减”工作家长关心的十个问题",
				BodyHTML: sanitize.Text("问：课后服务收费吗？\n答：按省定标准收取，困难家庭学生免费。")}); err != nil {
				return err
			}
		}
		on(dd.daysAgo - 1)
		if err := publish(id, by); err != nil {
			return err
		}
	}
	// A repealed rule, replaced by the 双减 plan on the day it was published.
	on(3 * 365)
	old, err := create(demoDoc{unit: "基础教育科", title: "兖州区校外培训机构管理暂行办法", docNo: fmt.Sprintf("济兖教体发〔%d〕7号", year-3), catalog: "规范性文件",
		genre: disclosure.GenreOther, topic: "民办教育", tags: []string{"校外培训"}, daysAgo: 3 * 365, body: "第一条 为规范校外培训机构办学行为，制定本办法。"}, author)
	if err != nil {
		return err
	}
	on(3*365 - 1)
	if err := publish(old, author); err != nil {
		return err
	}
	on(docs[2].daysAgo - 1)
	if err := st.SetValidity(ctx, office, old, disclosure.ValidityRepealed, today.AddDays(-docs[2].daysAgo+1), ids[2]); err != nil {
		return err
	}
	on(0)
	// A package for parents before enrolment.
	if _, err := st.SavePackage(ctx, office, store.Package{Title: "入学前家长政策包", Audience: "适龄儿童家长",
		Description: "小学、初中入学报名前家长需要了解的招生政策、学区划分和新生须知。", Tags: []string{"招生入学"}, DocIDs: []int64{ids[0], ids[1]}, Published: true}); err != nil {
		return err
	}
	if _, err := st.SavePackage(ctx, office, store.Package{Title: "校外培训机构政策包", Audience: "民办培训机构",
		Description: "“双减”背景下校外培训机构需要了解的政策。", Tags: []string{"校外培训", "双减"}, Published: true}); err != nil {
		return err
	}
	// A draft waiting for the confidentiality review.
	on(2)
	draft, err := create(demoDoc{unit: "基础教育科", title: fmt.Sprintf("关于%d年秋季学期中小学课后服务工作的通知", year), docNo: fmt.Sprintf("济兖教体字〔%d〕15号", year),
		catalog: "招生政策", genre: disclosure.GenreNotice, topic: "教育", tags: []string{"课后服务"}, daysAgo: 2,
		body: "各学校：\n\n秋季学期课后服务工作安排如下，联系人：王老师，电话 13905370123。"}, author)
	if err != nil {
		return err
	}
	if _, err := st.MoveDocument(ctx, author, store.MoveRequest{ID: draft, Action: disclosure.ActSubmit}); err != nil {
		return err
	}
	return nil
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// annualReportDaysAgo: last year's annual report is published by 20
// January (the statutory limit is 31 January), or three days ago early in
// January.
func annualReportDaysAgo(today workday.Date) int {
	jan20 := workday.Date{Year: today.Year, Month: time.January, Day: 20}
	if n := jan20.DaysUntil(today); n > 3 {
		return n
	}
	return 3
}
