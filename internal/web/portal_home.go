package web

import (
	"net/http"

	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// PortalColumn is one column of the portal's disclosure layout.
type PortalColumn struct {
	Label, Href, Note string
}

// portalColumns follow the layout people know from government disclosure
// sites (DESIGN §7). Areas fill the pages behind them.
var portalColumns = []PortalColumn{
	{"信息公开指南", "/guide", "政府信息的分类、编排体系、获取方式和工作机构联系方式"},
	{"信息公开制度", "/rules", "政府信息公开工作的规章制度"},
	{"法定主动公开内容", "/catalog", "按政府信息公开目录分类查阅"},
	{"信息公开年报", "/annual-reports", "历年政府信息公开工作年度报告"},
	{"依申请公开", "/apply", "在线提交政府信息公开申请、凭查询码查询办理进度"},
	{"政策解读", "/interpretations", "政策文件的解读材料"},
	{"政策文件包", "/packages", "按对象和主题汇集的政策文件"},
	{"征求意见", "/consultations", "决策草案公开征求意见及采纳情况"},
	{"互动交流", "/messages", "网民留言、我为政府网站找错"},
	{"民办学校信息", "/institutions", "民办学校和校外培训机构的办学许可、收费、年检、奖惩，培训机构白名单/黑名单查询"},
	{"数据开放", "/open", "目录、文件、民办学校和培训机构、年报数据的 CSV 和 JSON 下载"},
}

type portalHomeData struct {
	Columns  []PortalColumn
	Latest   []disclosure.Document
	Policies []disclosure.Document
	Interps  []disclosure.Interpretation
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		ctx := r.Context()
		data := portalHomeData{Columns: portalColumns}
		var err error
		if data.Latest, _, err = s.Store.Documents(ctx, store.DocFilter{PublicOnly: true, Limit: 8, NoTotal: true}); err != nil {
			return nil, "", err
		}
		if data.Policies, _, err = s.Store.Documents(ctx, store.DocFilter{PublicOnly: true, Limit: 6, NoTotal: true, Genres: []string{disclosure.GenreNormative, disclosure.GenrePolicy, disclosure.GenreRule}}); err != nil {
			return nil, "", err
		}
		if data.Interps, err = s.Store.Interpretations(ctx, 0, true, 6); err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/home", &Page{Title: "首页", Data: data})
	})
}
