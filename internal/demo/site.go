package demo

import (
	"context"
	"fmt"

	"gongkai/internal/site"
)

// seedSite gives the demo bureau its portal identity and publishes its
// 信息公开指南 (a real deployment starts without either and is told so).
// The numbers are made up for the demo.
func seedSite(ctx context.Context, d *Demo) error {
	st := d.Store
	id := site.Identity{
		SiteName: "济宁市兖州区教育和体育局政务公开", SiteIDCode: "3708120001",
		Organiser: Bureau, Operator: "济宁市兖州区教育和体育局宣传信息中心",
		ICP: "鲁ICP备00000001号-1", PoliceRecord: "鲁公网安备 37088202000001号", PoliceNumber: "37088202000001",
		PartyMarkURL: "https://bszs.conac.cn/sitename?method=show&id=0000000000000001",
		Address:      "济宁市兖州区建设东路100号（示例地址）", Postcode: "272100",
		Phone: "0537-3400000", Fax: "0537-3400001", Email: "gongkai@yzjtj.example.cn",
		Hours: "工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
	}
	if err := st.SaveSiteIdentity(ctx, d.Actor, id); err != nil {
		return fmt.Errorf("demo site identity: %w", err)
	}
	g := site.DefaultGuide(Bureau)
	g.WorkingBody = "济宁市兖州区教育和体育局办公室（政务公开办公室）"
	g.Organisation = "济宁市兖州区教育和体育局是区政府工作部门，内设办公室、基础教育科、职教科、政策研究室、人事科、计划财务科、体育卫生艺术科、安全管理科，下设宣传信息中心、教学研究中心等单位。"
	g.Duties = "贯彻执行国家、省、市教育和体育工作的方针政策和法律法规；统筹管理全区各级各类教育和体育事业；负责全区中小学、幼儿园的规划布局、招生入学、教师队伍和教育督导等工作。"
	g.Channels = []string{"online", "letter", "in_person", "email"}
	if err := st.SaveGuideDraft(ctx, d.Actor, g); err != nil {
		return fmt.Errorf("demo guide: %w", err)
	}
	if err := st.PublishGuide(ctx, d.Actor); err != nil {
		return fmt.Errorf("demo guide: %w", err)
	}
	return nil
}
