package demo

import (
	"context"
	"fmt"

	"gongkai/internal/auth"
	"gongkai/internal/institution"
	"gongkai/internal/workday"
)

// seedInstitutions adds the registry of private schools and training
// institutions (seed task 2): three private schools and four training
// institutions, one on the white list and one on the black list, entered
// by the office and passed by the reviewer; one kindergarten's licence
// expires within 30 days (an alarm), one training institution has a fee
// change waiting for review.
func seedInstitutions(ctx context.Context, d *Demo) error {
	st := d.Store
	today := workday.DateOf(d.Now)
	y := today.Year
	day := func(n int) workday.Date { return today.AddDays(n) }
	office := auth.ActorOf(d.Users["bangongshi"], "127.0.0.1")
	reviewer := auth.ActorOf(d.Users["shencha"], "127.0.0.1")
	code := func(n int) string { return institution.WithCheckChar(fmt.Sprintf("52370812MJE%05dX", n)) }
	insp := func(result1, result2 string) []institution.Inspection {
		return []institution.Inspection{
			{Year: y - 2, Result: result2, Date: day(-455), Note: "年度检查"},
			{Year: y - 1, Result: result1, Date: day(-90), Note: "年度检查"},
		}
	}
	commit := "依法办学、诚信办学，不超范围、不超标准收费，不虚假宣传，不违规招生，自觉接受教育行政部门和社会监督。"
	recs := []institution.Record{
		{Kind: institution.KindSchool, Name: "兖州区博文学校", CreditCode: code(1), LicenceNo: "教民137081270000011号",
			LicenceFrom: day(-3 * 365), LicenceUntil: day(2 * 365), Sponsor: "济宁博文教育发展有限公司", Level: "九年一贯制", SchoolType: "全日制寄宿",
			District: "鼓楼街道", Address: "兖州区建设东路 88 号", Principal: "孙立平", Phone: "0537-3401188", Enrolment: 1800,
			Fees: []institution.Fee{{Item: "学费（小学）", Standard: "6800 元/学期", Basis: "济宁市发展和改革委员会 济发改价格〔2021〕56号"},
				{Item: "学费（初中）", Standard: "7800 元/学期", Basis: "济宁市发展和改革委员会 济发改价格〔2021〕56号"},
				{Item: "住宿费", Standard: "800 元/学期", Basis: "济宁市发展和改革委员会 济发改价格〔2021〕56号"}},
			Brochure: fmt.Sprintf("兖州区博文学校%d年招生简章", y), BrochureNo: fmt.Sprintf("兖教招备〔%d〕3号", y),
			Inspections: insp("合格", "合格"), Commitment: commit,
			Sanctions: []institution.Sanction{{Date: day(-200), Kind: "奖励", Content: "济宁市文明校园", Authority: "济宁市精神文明建设委员会"}}},
		{Kind: institution.KindSchool, Name: "兖州区育才高级中学", CreditCode: code(2), LicenceNo: "教民137081270000022号",
			LicenceFrom: day(-5 * 365), LicenceUntil: day(365), Sponsor: "兖州育才教育集团", Level: "普通高中", SchoolType: "全日制",
			District: "新兖镇", Address: "兖州区新兖镇育才路 6 号", Principal: "刘建国", Phone: "0537-3422266", Enrolment: 1200,
			Fees:     []institution.Fee{{Item: "学费", Standard: "9000 元/学期", Basis: "济宁市发展和改革委员会 济发改价格〔2022〕18号"}},
			Brochure: fmt.Sprintf("兖州区育才高级中学%d年招生简章", y), BrochureNo: fmt.Sprintf("兖教招备〔%d〕5号", y),
			Inspections: insp("基本合格", "合格"), Commitment: commit,
			Sanctions: []institution.Sanction{{Date: day(-120), Kind: "处罚", Content: "超核定规模招生，责令限期整改并核减下一年度招生计划", Authority: fmt.Sprintf("兖州区教育和体育局 兖教体罚〔%d〕2号", y)}}},
		{Kind: institution.KindSchool, Name: "兖州区小天使幼儿园", CreditCode: code(3), LicenceNo: "教民137081270000033号",
			LicenceFrom: day(-5*365 + 20), LicenceUntil: day(20), Sponsor: "张红梅", Level: "幼儿园", SchoolType: "全日制",
			District: "漕河镇", Address: "兖州区漕河镇文化路 12 号", Principal: "张红梅", Phone: "0537-3433012", Enrolment: 270,
			Fees:        []institution.Fee{{Item: "保育教育费", Standard: "1600 元/学期", Basis: "兖州区发展和改革局 兖发改价〔2022〕9号（备案）"}},
			Inspections: insp("合格", "合格"), Commitment: commit},
		{Kind: institution.KindTraining, Name: "兖州区启航艺术培训学校", CreditCode: code(11), LicenceNo: "教民137081280000101号",
			LicenceFrom: day(-2 * 365), LicenceUntil: day(3 * 365), Category: institution.CategoryNonSubject,
			District: "鼓楼街道", Address: "兖州区九州中路 156 号 3 楼", Principal: "王晓燕", Phone: "0537-3455610",
			Fees: []institution.Fee{{Item: "美术课", Standard: "80 元/课时", Basis: "兖教体发〔2022〕8号（收费备案）"},
				{Item: "舞蹈课", Standard: "90 元/课时", Basis: "兖教体发〔2022〕8号（收费备案）"}},
			SupervisionBank: "中国农业银行兖州支行", SupervisionAccount: "兖州启航资金监管专户 第 0136 号",
			List: institution.ListWhite, ListDate: day(-150), ListReason: "证照齐全，年检合格，预收费资金全部纳入监管",
			Inspections: insp("合格", "合格"), Commitment: commit},
		{Kind: institution.KindTraining, Name: "兖州区明德文化培训学校", CreditCode: code(12), LicenceNo: "教民137081280000102号",
			LicenceFrom: day(-4 * 365), LicenceUntil: day(365), Category: institution.CategorySubject,
			District: "新兖镇", Address: "兖州区新兖镇商业街 21 号", Principal: "赵明", Phone: "0537-3466021",
			Fees:            []institution.Fee{{Item: "初中数学课", Standard: "45 元/课时", Basis: "济宁市发展和改革委员会 济发改价格〔2022〕31号（政府指导价）"}},
			SupervisionBank: "中国银行兖州支行", SupervisionAccount: "兖州明德资金监管专户 第 0211 号",
			List: institution.ListBlack, ListDate: day(-60), ListReason: "违规开展超前超标学科类培训，拒不整改（兖教体罚〔" + fmt.Sprint(y) + "〕5号）",
			Inspections: insp("不合格", "合格"), Commitment: commit,
			Sanctions: []institution.Sanction{{Date: day(-60), Kind: "处罚", Content: "违规开展超前超标学科类培训，责令停止招生、退还已收费用", Authority: fmt.Sprintf("兖州区教育和体育局 兖教体罚〔%d〕5号", y)}}},
		{Kind: institution.KindTraining, Name: "兖州区星辰体育培训中心", CreditCode: code(13), LicenceNo: "教民137081280000103号",
			LicenceFrom: day(-365), LicenceUntil: day(4 * 365), Category: institution.CategoryNonSubject,
			District: "漕河镇", Address: "兖州区漕河镇体育路 3 号", Principal: "陈刚", Phone: "0537-3477003",
			Fees:            []institution.Fee{{Item: "篮球训练", Standard: "60 元/课时", Basis: "兖教体发〔2022〕8号（收费备案）"}},
			SupervisionBank: "兖州农商银行", SupervisionAccount: "兖州星辰资金监管专户 第 0302 号",
			List: institution.ListWhite, ListDate: day(-100), ListReason: "证照齐全，预收费资金全部纳入监管",
			Inspections: insp("合格", "合格"), Commitment: commit},
		{Kind: institution.KindTraining, Name: "兖州区墨香书法培训学校", CreditCode: code(14), LicenceNo: "教民137081280000104号",
			LicenceFrom: day(-200), LicenceUntil: day(3*365 - 200), Category: institution.CategoryNonSubject,
			District: "鼓楼街道", Address: "兖州区龙桥北路 45 号", Principal: "周文", Phone: "0537-3488045",
			Fees:            []institution.Fee{{Item: "书法课", Standard: "70 元/课时", Basis: "兖教体发〔2022〕8号（收费备案）"}},
			SupervisionBank: "中国建设银行兖州支行", SupervisionAccount: "兖州墨香资金监管专户 第 0415 号",
			Commitment: commit},
	}
	ids := map[string]int64{}
	for _, r := range recs {
		res, err := st.SaveInstitution(ctx, office, 0, r, "表单")
		if err != nil {
			return fmt.Errorf("demo institution %s: %w", r.Name, err)
		}
		if err := st.ReviewInstitution(ctx, reviewer, res.ID, true, "核对登记材料，同意公开"); err != nil {
			return fmt.Errorf("demo institution %s review: %w", r.Name, err)
		}
		ids[r.Name] = res.ID
	}
	// A fee change waiting for the reviewer.
	xc := recs[5]
	xc.Fees = append(append([]institution.Fee(nil), xc.Fees...), institution.Fee{Item: "游泳训练", Standard: "80 元/课时", Basis: "兖教体发〔2022〕8号（收费备案）"})
	if _, err := st.SaveInstitution(ctx, office, ids[xc.Name], xc, "表单"); err != nil {
		return fmt.Errorf("demo institution change: %w", err)
	}
	return nil
}
