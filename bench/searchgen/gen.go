package main

// The dense corpus of ../shared/searchbench (its cmd/gen, carried here so a
// fresh clone can run the benchmark): 100,000 synthetic education-bureau
// documents with a fixed seed, and 200 queries of five kinds. The same
// seeds give the same corpus and queries as the shared generator.

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

// ---------- vocabulary (ordered roughly by intended frequency rank) ----------
var general = strings.Fields(`政务公开 信息公开 人民政府 规范性文件 政策解读 主动公开 工作要求 贯彻落实 中小学 学校
学生 家长 教职工 统筹推进 扎实开展 组织领导 责任落实 依法行政 年度报告 依申请公开 公开目录 政府信息公开指南
人民群众 社会公众 监督电话 投诉举报 督查考核 严格执行 强化监管 规范管理 深化改革 高质量发展 公平正义
满意度 获得感 宣传引导 舆论监督 应急预案 安全生产 风险隐患 排查整治 长效机制 工作方案 实施方案 实施细则
管理办法 暂行规定 指导意见 工作要点 工作总结 文件精神 有关规定 法律法规 中华人民共和国教育法 中华人民共和国义务教育法
政府信息公开条例 网上办理 政务服务 一网通办 便民服务 办事指南 公示期 联系电话 受理时间 办理时限 咨询窗口
政府网站 微信公众号 新闻发布会 人大代表建议 政协委员提案 建议提案办理 意见征集 公众参与 专家论证 风险评估
合法性审查 集体讨论决定 财政预算 部门预算 部门决算 三公经费 政府采购 专项资金 资金拨付 绩效评价 审计整改
内部控制 固定资产 数据统计 台账管理 档案管理 信息化建设 网络安全 保密审查 及时上报 逐级上报 动态调整
跟踪问效 整改落实 通报批评 问责追责 廉政建设 作风建设 党风廉政 基层党建 民生实事 政务服务便民热线
民政局 财政局 教育局 人力资源和社会保障局 市场监督管理局 卫生健康委员会 发展和改革委员会 住房和城乡建设局
自然资源和规划局 公安局 司法局 审计局 街道办事处 乡镇人民政府 社区居民委员会 教育和体育局`)

var verbs = strings.Fields(`做好 加强 规范 推进 落实 深化 健全 完善 严格落实 切实做好 进一步加强 认真贯彻 全面落实 持续推进
不断完善 严格规范 着力加强 积极稳妥推进 扎实做好 统筹做好`)

var goals = strings.Fields(`取得实效 落到实处 平稳有序 公开透明 规范有序 依法依规 不走过场 有序开展 群众满意 全面覆盖`)

var units = strings.Fields(`县市区 各学校 各单位 各科室 各镇街 各幼儿园 直属学校 各有关部门`)

var places = strings.Fields(`济宁市 兖州区 任城区 曲阜市 邹城市 微山县 鱼台县 金乡县 嘉祥县 汶上县 泗水县 梁山县 高新区 太白湖新区`)
var streets = strings.Fields(`鼓楼街道 龙桥街道 酒仙桥街道 兴隆庄街道 新驿镇 小孟镇 颜店镇 新兖镇 漕河镇 大安镇`)
var schoolKinds = strings.Fields(`实验小学 实验中学 第一中学 第二中学 第三中学 中心小学 中心幼儿园 第一小学 第二小学 职业中专`)
var orgs = strings.Fields(`教育和体育局 教育局 人民政府办公室 财政局 人力资源和社会保障局 市场监督管理局 发展和改革委员会`)

type topic struct {
	name   string
	words  []string
	titles []string
	weight float64
}

var topics = []topic{
	{"enroll", strings.Fields(`义务教育 招生 入学 划片 学区划分 就近入学 免试入学 招生计划 招生范围 入学报名 网上报名 现场审核
材料审核 户籍 房产证明 居住证 随迁子女 适龄儿童 一年级新生 七年级新生 小升初 幼升小 学位 学位预警 学籍管理
电脑派位 公办学校 民办学校 阳光招生 招生入学工作 新生报到 均衡编班 特殊教育 残疾儿童少年 随班就读 送教上门`),
		[]string{"关于做好{Y}年义务教育招生入学工作的通知", "{P}{Y}年义务教育学校招生划片范围公告", "关于{Y}年{P}城区小学一年级招生工作的实施方案",
			"{Y}年{S}招生简章", "关于{Y}年{P}七年级新生入学报名的通告", "{P}关于进一步规范义务教育阶段学籍管理的通知"}, 3},
	{"jianfu", strings.Fields(`双减 校外培训机构 学科类培训 非学科类培训 课后服务 作业管理 作业总量 课外作业 预收费监管 资金监管
培训机构 办学许可证 营业执照 隐形变异 违规培训 专项治理 联合执法 黑白名单 课后延时服务 弹性离校 睡眠管理
手机管理 读物管理 体质管理 五项管理 家校共育 减负提质 课堂教学质量`),
		[]string{"关于进一步减轻义务教育阶段学生作业负担和校外培训负担的实施方案", "关于开展{Y}年校外培训机构专项治理的通知",
			"{P}校外培训机构白名单（第{N}批）公示", "关于做好{Y}年暑期校外培训治理工作的通知", "{P}{Y}年双减工作推进情况通报"}, 2.5},
	{"gkreport", strings.Fields(`政府信息公开工作年度报告 政府信息公开 收到申请 办理结果 行政复议 行政诉讼 予以公开 部分公开 不予公开
无法提供 不予处理 信息公开申请 公开数量 主动公开政府信息情况 政务新媒体 政府信息管理 平台建设 监督保障
存在的主要问题 改进情况 信息发布 解读回应 公开内容 公开时限`),
		[]string{"{P}{O}{Y}年政府信息公开工作年度报告", "关于进一步做好{Y}年政务公开工作的通知", "{P}{O}政府信息公开指南（{Y}年修订）",
			"{P}{O}{Y}年政务公开工作要点"}, 2},
	{"fee", strings.Fields(`收费公示 收费标准 收费项目 服务性收费 代收费 住宿费 保育教育费 学费 教材费 作业本费 伙食费 校服
自愿原则 乱收费 价格主管部门 收费许可 收费票据 减免 退费 教育收费专项检查 明码标价 公示栏`),
		[]string{"{Y}年{S}收费公示", "关于规范{Y}年秋季学期中小学收费管理的通知", "关于{P}民办学校收费标准的批复", "{P}{Y}年教育收费政策解读"}, 1.5},
	{"teacher", strings.Fields(`教师资格 教师资格认定 教师资格考试 中小学教师资格 教师招聘 公开招聘 岗位条件 笔试 面试 体检 考察
拟聘用人员 名单公示 职称评审 高级教师 一级教师 县管校聘 交流轮岗 乡村教师 特岗教师 教师培训 继续教育
师德师风 绩效工资 班主任 骨干教师 名师工作室 校长职级制 校长 教师编制 人事代理`),
		[]string{"关于{Y}年中小学教师资格认定工作的公告", "{P}{Y}年公开招聘教师拟聘用人员名单公示", "关于开展{Y}年度中小学教师职称评审工作的通知",
			"关于{Y}年义务教育学校校长教师交流轮岗的实施意见"}, 2},
	{"aid", strings.Fields(`学生资助 家庭经济困难学生 国家助学金 助学贷款 生源地信用助学贷款 营养改善计划 免除学杂费 寄宿生生活费补助
建档立卡 脱贫家庭 低保家庭 特困供养 孤儿 残疾学生 资助资金 资助政策 精准资助 资助名单 认定程序 民主评议
雨露计划 励志奖学金`),
		[]string{"关于做好{Y}年秋季学期学生资助工作的通知", "{P}{Y}年学生资助政策解读", "关于公布{Y}年国家助学金受助学生名单的公示",
			"{P}关于下达{Y}年学生资助资金的通知"}, 1.5},
	{"safety", strings.Fields(`校园安全 食品安全 疫情防控 防溺水 安全教育 交通安全 消防安全 校车安全 食堂管理 晨午检 传染病防控
心理健康 近视防控 欺凌防治 校园周边环境 应急演练 安全隐患排查 护学岗 一键报警 视频监控`),
		[]string{"关于做好{Y}年防溺水安全教育工作的紧急通知", "关于开展校园安全隐患排查整治的通知", "{P}{Y}年学校食品安全工作要点",
			"关于加强中小学生心理健康教育的通知"}, 1.5},
	{"private", strings.Fields(`民办教育 民办学校 民办幼儿园 普惠性民办幼儿园 办学许可 年度检查 年检结果 分类管理 非营利性 营利性
举办者 办学行为 招生简章 广告备案 财务审计 风险保证金 变更登记 终止办学 规范办学`),
		[]string{"关于{Y}年度民办学校年检结果的公告", "{P}关于规范民办学校办学行为的通知", "关于{S}变更举办者的批复",
			"{P}{Y}年普惠性民办幼儿园认定结果公示"}, 1},
	{"inspect", strings.Fields(`教育督导 督导评估 督学 责任督学 挂牌督导 义务教育优质均衡 基本均衡 县域 质量监测 评估认定 复核
问题清单 整改报告 督导报告 满意度调查 办学条件 生均公用经费 标准化建设 薄弱学校改造 集团化办学 学校发展规划`),
		[]string{"关于{P}义务教育优质均衡发展督导评估情况的通报", "{Y}年责任督学挂牌督导工作要点", "{P}{Y}年教育督导工作报告"}, 1},
}

var rare = strings.Fields(`研学旅行 非物质文化遗产进校园 尼山书院 孔子文化节 冬季取暖补贴 禁毒教育 垃圾分类 书香校园 国家通用语言文字
红色研学 校园足球 科技创新大赛 乡村少年宫 孤独症儿童 智慧教育平台 人工智能教育 劳动教育实践基地 中华经典诵读 网络直播课 泳池安全检查`)

var prefixes = strings.Fields(`济兖教体字 兖教体发 兖教体函 济教发 济教字 济政办发 兖政办发 济财教 兖财教 任教体字`)

// ---------- zipf sampler ----------
type zipf struct {
	items []string
	cum   []float64
}

func newZipf(items []string, s float64) *zipf {
	z := &zipf{items: items}
	t := 0.0
	for i := range items {
		t += 1 / math.Pow(float64(i+1), s)
		z.cum = append(z.cum, t)
	}
	return z
}
func (z *zipf) pick(r *rand.Rand) string {
	x := r.Float64() * z.cum[len(z.cum)-1]
	return z.items[sort.SearchFloat64s(z.cum, x)]
}

type gen struct {
	r                 *rand.Rand
	gz, vz, rz        *zipf
	tz                []*zipf
	topicCum          []float64
	counters          map[string]int
	prevTitle, prevNo []string
}

func (g *gen) pickS(a []string) string { return a[g.r.IntN(len(a))] }
func (g *gen) school() string          { return g.pickS(places) + g.pickS(schoolKinds) }

func (g *gen) docno(year int) string {
	p := g.pickS(prefixes)
	k := fmt.Sprintf("%s%d", p, year)
	g.counters[k]++
	return fmt.Sprintf("%s〔%d〕%d号", p, year, g.counters[k])
}

func (g *gen) fill(tpl string, year int) string {
	r := strings.NewReplacer("{Y}", fmt.Sprint(year), "{P}", g.pickS(places), "{S}", g.school(),
		"{O}", g.pickS(orgs), "{N}", fmt.Sprint(1+g.r.IntN(9)))
	return r.Replace(tpl)
}

// noun: topic word (60%) or general word (40%)
func (g *gen) noun(t int) string {
	if g.r.Float64() < 0.6 {
		return g.tz[t].pick(g.r)
	}
	return g.gz.pick(g.r)
}

func (g *gen) sentence(t, year int) string {
	v := func() string { return g.vz.pick(g.r) }
	n := func() string { return g.noun(t) }
	switch g.r.IntN(12) {
	case 0:
		return v() + n() + "，" + v() + n() + "。"
	case 1:
		return g.pickS(units) + "要" + v() + n() + "，" + v() + n() + "，确保" + n() + g.pickS(goals) + "。"
	case 2:
		return g.pickS(places) + g.pickS(orgs) + v() + n() + "和" + n() + "，" + n() + g.pickS(goals) + "。"
	case 3:
		return "对" + n() + "中发现的问题，要" + v() + n() + "，并" + g.pickS([]string{"及时上报", "逐级上报", "限期整改"}) + "。"
	case 4:
		return fmt.Sprintf("%d年，全%s共%s%s%d个，涉及%s%d人。", year, g.pickS([]string{"市", "区", "县"}), v(), n(), 3+g.r.IntN(200), n(), 10+g.r.IntN(5000))
	case 5:
		return "联系电话：0537-" + fmt.Sprint(3000000+g.r.IntN(999999)) + "，" + g.pickS([]string{"监督电话", "咨询电话", "投诉举报电话"}) + "：0537-" + fmt.Sprint(3000000+g.r.IntN(999999)) + "。"
	case 6:
		return "建立健全" + n() + "长效机制，" + v() + n() + "。"
	case 7:
		return "坚持" + n() + "与" + n() + "相结合，" + v() + n() + "，" + n() + "工作" + g.pickS(goals) + "。"
	case 8:
		return "各" + g.pickS(schoolKinds) + "要通过" + g.pickS([]string{"政府网站", "微信公众号", "公示栏", "家长会"}) + "等渠道" + v() + n() + "，接受" + n() + "监督。"
	case 9:
		return "严禁" + n() + "，" + "对" + n() + "行为" + g.pickS([]string{"依法依规处理", "予以通报批评", "严肃追究责任"}) + "。"
	case 10:
		return g.pickS(streets) + "、" + g.pickS(streets) + "等" + fmt.Sprint(2+g.r.IntN(12)) + "个镇街" + v() + n() + "。"
	default:
		return "按照" + n() + "的要求，" + v() + n() + "、" + n() + "和" + n() + "。"
	}
}

var nums = strings.Fields(`一 二 三 四 五 六 七 八`)

func (g *gen) doc(id int) Doc {
	x := g.r.Float64() * g.topicCum[len(g.topicCum)-1]
	t := sort.SearchFloat64s(g.topicCum, x)
	year := 2018 + g.r.IntN(8)
	title := g.fill(g.pickS(topics[t].titles), year)
	if g.r.Float64() < 0.1 {
		title = "关于印发《" + strings.TrimPrefix(strings.TrimSuffix(title, "的通知"), "关于") + "》的通知"
	}
	docno := ""
	if g.r.Float64() < 0.8 {
		docno = g.docno(year)
	}
	target := 300 + g.r.IntN(1201)
	var b strings.Builder
	if docno != "" {
		b.WriteString(docno + "\n")
	}
	b.WriteString(g.pickS([]string{"各县市区教育局，市直各学校：", "各乡镇人民政府、街道办事处，区直各部门：", "各中小学、幼儿园：", "各有关单位："}) + "\n")
	intro := "为深入贯彻落实" + g.pickS([]string{"《中华人民共和国教育法》", "《中华人民共和国义务教育法》", "《政府信息公开条例》", "上级有关文件精神"}) +
		"，进一步" + g.vz.pick(g.r) + g.noun(t) + "，"
	if len(g.prevNo) > 0 && g.r.Float64() < 0.3 {
		k := g.r.IntN(len(g.prevNo))
		intro += "根据《" + g.prevTitle[k] + "》（" + g.prevNo[k] + "）要求，"
	}
	intro += fmt.Sprintf("结合我%s实际，现就%d年%s有关事项通知如下：\n", g.pickS([]string{"市", "区", "县"}), year, g.noun(t)+"工作")
	b.WriteString(intro)
	sec := 0
	for utf8.RuneCountInString(b.String()) < target-60 {
		if g.r.Float64() < 0.22 && sec < len(nums) {
			b.WriteString("\n" + nums[sec] + "、" + g.vz.pick(g.r) + g.noun(t) + "\n")
			sec++
		}
		s := g.sentence(t, year)
		if g.r.Float64() < 0.001 { // rare words, zipf-distributed among themselves
			s = "积极开展" + g.rz.pick(g.r) + "活动，" + s
		}
		b.WriteString(s)
	}
	b.WriteString(fmt.Sprintf("\n%s%s\n%d年%d月%d日", g.pickS(places), g.pickS(orgs), year, 1+g.r.IntN(12), 1+g.r.IntN(28)))
	body := b.String()
	if rs := []rune(body); len(rs) > 1500 {
		body = string(rs[:1500])
	}
	if docno != "" && g.r.Float64() < 0.5 {
		g.prevTitle = append(g.prevTitle, title)
		g.prevNo = append(g.prevNo, docno)
	}
	return Doc{ID: id, Docno: docno, Title: title, Body: body}
}

func genMain(args []string) {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fs.Int("n", 100000, "documents")
	out := fs.String("out", "data/docs.jsonl", "")
	qout := fs.String("queries", "data/queries.tsv", "")
	csvOut := fs.String("csv", "", "also write the listing for gongkai import documents (one file)")
	fs.Parse(args)
	g := &gen{r: rand.New(rand.NewPCG(20240601, 42)), counters: map[string]int{}}
	g.gz = newZipf(general, 1.0)
	g.vz = newZipf(verbs, 0.8)
	g.rz = newZipf(rare, 1.3)
	acc := 0.0
	distinct := map[string]bool{}
	for _, l := range [][]string{general, verbs, goals, units, places, streets, schoolKinds, orgs, rare} {
		for _, w := range l {
			distinct[w] = true
		}
	}
	for _, t := range topics {
		g.tz = append(g.tz, newZipf(t.words, 1.0))
		acc += t.weight
		g.topicCum = append(g.topicCum, acc)
		for _, w := range t.words {
			distinct[w] = true
		}
	}
	fmt.Fprintf(os.Stderr, "distinct vocabulary words/phrases: %d\n", len(distinct))
	f, _ := os.Create(*out)
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var docnos []string
	chars := 0
	var lw *listingWriter
	if *csvOut != "" {
		lw = newListingWriter(*csvOut)
	}
	for i := 1; i <= *n; i++ {
		d := g.doc(i)
		chars += utf8.RuneCountInString(d.Body)
		if d.Docno != "" {
			docnos = append(docnos, d.Docno)
		}
		enc.Encode(d)
		if lw != nil {
			lw.write(d)
		}
	}
	w.Flush()
	f.Close()
	if lw != nil {
		lw.close()
	}
	fmt.Fprintf(os.Stderr, "docs=%d avg body chars=%.0f\n", *n, float64(chars)/float64(*n))

	// ---------- queries ----------
	qr := rand.New(rand.NewPCG(7, 7))
	two := strings.Fields(`双减 入学 招生 资助 学籍 划片 公示 督导 收费 年检 减免 学位 体检 面试 校车 民政 校长 上报 食堂 户籍 督学 孤儿 学费 校服 退费`)
	four := strings.Fields(`信息公开 政策解读 义务教育 收费公示 民办学校 学区划分 教师资格 学生资助 年度报告 依申请公开 规范性文件 校外培训机构
课后服务 随迁子女 就近入学 职称评审 营养改善计划 防溺水 政务公开 公开招聘 国家助学金 办学许可证 督导评估 预收费监管 作业管理`)
	multi := []string{"义务教育 招生 划片", "双减 校外培训机构", "信息公开 年度报告", "民办学校 收费公示", "教师资格 认定", "学生资助 国家助学金",
		"学区划分 就近入学", "校外培训机构 预收费监管", "政策解读 学生资助", "防溺水 安全教育", "随迁子女 入学 居住证", "课后服务 收费",
		"2023 招生", "依申请公开 行政复议", "督导评估 优质均衡", "民办幼儿园 年检", "职称评审 高级教师", "营养改善计划 资金", "收费标准 住宿费",
		"公开招聘 拟聘用人员 名单", "兖州区 招生 划片", "2021 政府信息公开工作年度报告", "双减 课后服务 收费", "教师资格 2024", "学籍管理 转学"}
	type qq struct{ kind, text string }
	var qs []qq
	for i := 0; i < 50; i++ {
		qs = append(qs, qq{"2char", two[qr.IntN(len(two))]})
		qs = append(qs, qq{"phrase4", four[qr.IntN(len(four))]})
		qs = append(qs, qq{"multi", multi[qr.IntN(len(multi))]})
	}
	for i := 0; i < 25; i++ {
		qs = append(qs, qq{"docno", docnos[qr.IntN(len(docnos))]})
		// rare: tail of the rare list + a couple of absent words
		pool := append(append([]string{}, rare[8:]...), "智慧校园直播", "教育收费听证")
		qs = append(qs, qq{"rare", pool[qr.IntN(len(pool))]})
	}
	qr.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	qf, _ := os.Create(*qout)
	for i, q := range qs {
		fmt.Fprintf(qf, "%d\t%s\t%s\n", i+1, q.kind, q.text)
	}
	qf.Close()
}
