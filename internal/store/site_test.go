package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/site"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func demoIdentity() site.Identity {
	return site.Identity{SiteName: "某局政务公开", SiteIDCode: "3708120001", Organiser: "某局", Operator: "某中心", ICP: "鲁ICP备00000001号",
		PoliceRecord: "鲁公网安备 37088202000001号", PartyMarkURL: "https://bszs.conac.cn/x", Address: "某路1号", Postcode: "272100",
		Phone: "0537-3400000", Fax: "0537-3400001", Email: "a@b.example.cn", Hours: "工作日9:00—17:00"}
}

func TestSiteIdentityAndGuide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
		id, err := s.SiteIdentity(ctx)
		if err != nil || id.Set() {
			t.Fatalf("new database: identity %+v, %v; want none", id, err)
		}
		// Environment variables are initial values: stored once.
		if ok, err := s.InitSiteIdentity(ctx, auth.Actor{Login: "config"}, site.Identity{SiteName: "初始名称", SiteIDCode: "1234567890", Organiser: "某局"}); !ok || err != nil {
			t.Fatalf("init: %v, %v", ok, err)
		}
		if err := s.SaveSiteIdentity(ctx, a, demoIdentity()); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.InitSiteIdentity(ctx, auth.Actor{Login: "config"}, site.Identity{SiteName: "别的名称"}); ok {
			t.Error("init overwrote a stored identity")
		}
		id, _ = s.SiteIdentity(ctx)
		if id.SiteName != "某局政务公开" || id.PoliceNumber != "37088202000001" {
			t.Errorf("identity = %+v", id)
		}
		// A bad value is refused and nothing changes.
		bad := demoIdentity()
		bad.SiteIDCode = "12"
		if err := s.SaveSiteIdentity(ctx, a, bad); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("bad id code: %v", err)
		}
		// The guide: refused without a telephone number, published with one.
		g := site.DefaultGuide("某局")
		g.Organisation, g.Duties = "内设办公室。", "负责教育。"
		if err := s.SaveGuideDraft(ctx, a, g); err != nil {
			t.Fatal(err)
		}
		noPhone := demoIdentity()
		noPhone.Phone = ""
		if err := s.SaveSiteIdentity(ctx, a, noPhone); err != nil {
			t.Fatal(err)
		}
		err = s.PublishGuide(ctx, a)
		if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "联系电话") {
			t.Fatalf("publish without a telephone: %v; want refused naming 联系电话", err)
		}
		if gg, _ := s.SiteGuide(ctx); gg.Published != nil {
			t.Fatal("a refused guide was published")
		}
		if err := s.SaveSiteIdentity(ctx, a, demoIdentity()); err != nil {
			t.Fatal(err)
		}
		if err := s.PublishGuide(ctx, a); err != nil {
			t.Fatalf("publish: %v", err)
		}
		gg, _ := s.SiteGuide(ctx)
		if gg.Published == nil || gg.Changed() || gg.PublishedBy != "bangongshi" {
			t.Fatalf("published guide = %+v", gg)
		}
		// Once published, the identity cannot lose the guide's telephone.
		if err := s.SaveSiteIdentity(ctx, a, noPhone); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "联系电话") {
			t.Errorf("removing the phone of a published guide: %v", err)
		}
		if id, _ := s.SiteIdentity(ctx); id.Phone == "" {
			t.Error("the phone was removed")
		}
		// A new draft leaves the published guide as it was.
		g.Duties = "负责全区教育。"
		if err := s.SaveGuideDraft(ctx, a, g); err != nil {
			t.Fatal(err)
		}
		gg, _ = s.SiteGuide(ctx)
		if !gg.Changed() || gg.Published.Duties != "负责教育。" {
			t.Errorf("draft vs published: %+v", gg)
		}
		// Audited.
		var n int
		if err := s.DB().QueryRow(s.Rebind(`SELECT COUNT(*) FROM audit_log WHERE entity IN ('site_identity', 'site_guide')`)).Scan(&n); err != nil || n < 6 {
			t.Errorf("audit rows = %d, %v; want ≥ 6", n, err)
		}
		// Concurrent edits: each lands whole or is refused as a conflict.
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				in := demoIdentity()
				in.Operator = "承办" + strings.Repeat("甲", i+1)
				errs[i] = s.SaveSiteIdentity(ctx, a, in)
			}(i)
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && gongkai.ErrorCode(err) != gongkai.ECONFLICT {
				t.Errorf("concurrent save: %v", err)
			}
		}
		if id, _ := s.SiteIdentity(ctx); !strings.HasPrefix(id.Operator, "承办甲") || id.Phone == "" {
			t.Errorf("after concurrent saves: %+v", id)
		}
	})
}
