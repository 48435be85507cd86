package site

import (
	"strings"
	"testing"

	"gongkai"
)

func full() Identity {
	return Identity{SiteName: "某局政务公开", SiteIDCode: "3708120001", Organiser: "某局", Operator: "某中心", ICP: "鲁ICP备00000001号-1",
		PoliceRecord: "鲁公网安备 37088202000001号", PoliceNumber: "37088202000001", PartyMarkURL: "https://bszs.conac.cn/x",
		Address: "某路1号", Postcode: "272100", Phone: "0537-3400000", Fax: "0537-3400001", Email: "a@b.example.cn", Hours: "工作日9:00—17:00"}
}

func TestIdentityValidate(t *testing.T) {
	if _, err := full().Validate(); err != nil {
		t.Fatalf("full identity: %v", err)
	}
	tests := []struct {
		name string
		edit func(*Identity)
		want string // part of the message; "" = valid
	}{
		{"empty is allowed", func(i *Identity) { *i = Identity{} }, ""},
		{"id code 9 digits", func(i *Identity) { i.SiteIDCode = "370812000" }, "10 位数字"},
		{"id code letters", func(i *Identity) { i.SiteIDCode = "37081200AB" }, "10 位数字"},
		{"icp form", func(i *Identity) { i.ICP = "鲁备12345号" }, "ICP备案号"},
		{"police number from record", func(i *Identity) { i.PoliceNumber = "" }, ""},
		{"police number not in record", func(i *Identity) { i.PoliceNumber = "37088202000002" }, "没有备案编号"},
		{"police record without digits", func(i *Identity) { i.PoliceRecord, i.PoliceNumber = "鲁公网安备", "" }, "备案编号"},
		{"postcode", func(i *Identity) { i.Postcode = "27210" }, "邮政编码"},
		{"phone letters", func(i *Identity) { i.Phone = "call me" }, "联系电话"},
		{"fax", func(i *Identity) { i.Fax = "x" }, "传真"},
		{"email", func(i *Identity) { i.Email = "not an email" }, "电子邮箱"},
		{"mark url scheme", func(i *Identity) { i.PartyMarkURL = "javascript:alert(1)" }, "http://"},
		{"angle brackets", func(i *Identity) { i.SiteName = "<script>" }, "尖括号"},
		{"too long", func(i *Identity) { i.Address = strings.Repeat("路", 201) }, "最多 200 个字"},
	}
	for _, tt := range tests {
		in := full()
		tt.edit(&in)
		out, err := in.Validate()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v; want valid", tt.name, err)
			}
			continue
		}
		if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), tt.want) {
			t.Errorf("%s: error %v; want EINVALID containing %q", tt.name, err, tt.want)
		}
		_ = out
	}
	i := full()
	i.PoliceNumber = ""
	out, _ := i.Validate()
	if out.PoliceNumber != "37088202000001" {
		t.Errorf("police number taken from the record = %q", out.PoliceNumber)
	}
	if !strings.Contains(out.PoliceURL(), "code=37088202000001") {
		t.Errorf("PoliceURL = %q", out.PoliceURL())
	}
}

func TestIdentitySetAndMissing(t *testing.T) {
	var zero Identity
	if zero.Set() || len(zero.Missing()) != len(Fields) {
		t.Errorf("zero identity: Set=%v, %d missing; want false, %d", zero.Set(), len(zero.Missing()), len(Fields))
	}
	if strings.Contains(zero.DisplayName(), "兖州") {
		t.Errorf("an unset identity must not show another body's name: %q", zero.DisplayName())
	}
	if f := full(); !f.Set() || len(f.Missing()) != 0 {
		t.Errorf("full identity: Set=%v, missing %v", f.Set(), f.Missing())
	}
}

func TestGuideMissing(t *testing.T) {
	g := DefaultGuide("某局")
	g.Organisation, g.Duties = "内设办公室。", "负责教育。"
	if m := Missing(g, full()); len(m) != 0 {
		t.Fatalf("complete guide: missing %v", m)
	}
	id := full()
	id.Phone = ""
	m := Missing(g, id)
	if len(m) != 1 || !strings.Contains(m[0], "联系电话") {
		t.Errorf("without a telephone: %v; want one line naming 联系电话", m)
	}
	// Each statutory element is required.
	for _, tt := range []struct {
		edit func(*Guide, *Identity)
		want string
	}{
		{func(g *Guide, _ *Identity) { g.Organisation = " " }, "机构设置"},
		{func(g *Guide, _ *Identity) { g.Duties = "" }, "职能"},
		{func(g *Guide, _ *Identity) { g.WorkingBody = "" }, "工作机构名称"},
		{func(g *Guide, _ *Identity) { g.Classification = "" }, "分类与编排体系"},
		{func(g *Guide, _ *Identity) { g.Access = "" }, "获取方式"},
		{func(_ *Guide, i *Identity) { i.Address = "" }, "办公地址"},
		{func(_ *Guide, i *Identity) { i.Hours = "" }, "办公时间"},
		{func(_ *Guide, i *Identity) { i.Fax = "" }, "传真号码"},
		{func(_ *Guide, i *Identity) { i.Email = "" }, "电子邮箱"},
		{func(g *Guide, _ *Identity) { g.Channels = nil }, "申请渠道"},
		{func(g *Guide, i *Identity) { g.Channels = []string{"letter"}; i.Postcode = "" }, "信函申请需要邮政编码"},
	} {
		gg, ii := g, full()
		gg.Channels = append([]string(nil), g.Channels...)
		tt.edit(&gg, &ii)
		if m := strings.Join(Missing(gg, ii), "；"); !strings.Contains(m, tt.want) {
			t.Errorf("missing = %q; want it to name %q", m, tt.want)
		}
	}
	if _, err := (Guide{Channels: []string{"pigeon"}}).Validate(); err == nil {
		t.Error("an unknown channel was accepted")
	}
	v, _ := (Guide{Channels: []string{"online", "online", " letter "}}).Validate()
	if strings.Join(v.Channels, ",") != "online,letter" {
		t.Errorf("channels = %v", v.Channels)
	}
}
