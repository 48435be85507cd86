package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// together runs fns at the same moment and returns their errors.
func together(fns ...func() error) []error {
	errs := make([]error, len(fns))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func TestGateRaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		usr, err := s.CreateUser(ctx, auth.Actor{Login: "admin", Role: auth.RoleAdmin}, store.NewUser{Login: "reviewer2", Name: "reviewer2", Role: auth.RoleReviewer, Password: "Gongkai@2023x"}, auth.PasswordPolicy{})
		if err != nil {
			t.Fatal(err)
		}
		reviewer2 := auth.ActorOf(usr, "127.0.0.1")
		newDoc := func(title, body string) int64 {
			t.Helper()
			id, err := s.CreateDocument(ctx, f.author, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: title,
				WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育", BodyText: body})
			if err != nil {
				t.Fatal(err)
			}
			if err := move(t, s, f.author, id, disclosure.ActSubmit); err != nil {
				t.Fatal(err)
			}
			return id
		}
		ok := func(errs []error) (n int) {
			for _, e := range errs {
				if e == nil {
					n++
				} else if c := gongkai.ErrorCode(e); c != gongkai.ECONFLICT {
					t.Errorf("unexpected error %v (code %s)", e, c)
				}
			}
			return n
		}

		// 1. Two reviewers pass the same document at once: one wins.
		for i := range 5 {
			id := newDoc(fmt.Sprintf("并发审查 %d", i), "正文。")
			errs := together(
				func() error { return move(t, s, f.reviewer, id, disclosure.ActPass) },
				func() error { return move(t, s, reviewer2, id, disclosure.ActPass) })
			if n := ok(errs); n != 1 {
				t.Errorf("two passes at once: %d succeeded (%v); want exactly 1", n, errs)
			}
			evs, _ := s.DocumentEvents(ctx, id)
			if len(evs) != 2 {
				t.Errorf("events after two passes = %d; want 2 (submit, one pass)", len(evs))
			}
		}

		// 2. A dismissal and a pass at once: the pass never gets through
		// without the dismissal, and a refused pass is audited.
		for i := range 6 {
			id := newDoc(fmt.Sprintf("并发确认 %d", i), "值班电话 "+rawMobile+"。")
			df, _ := s.DocumentFindings(ctx, id)
			fp := fingerprintOf(t, df.Findings, "mobile")
			refusedBefore := auditCount(t, s, "gate_refused", "reviewer2")
			var dismissErr, passErr error
			together(
				func() error {
					_, dismissErr = s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: fp, Reason: "单位公开的值班电话"})
					return dismissErr
				},
				func() error { passErr = move(t, s, reviewer2, id, disclosure.ActPass); return passErr })
			if dismissErr != nil {
				t.Fatalf("dismiss: %v", dismissErr)
			}
			d, _ := s.Document(ctx, id)
			switch {
			case passErr == nil && d.Status != disclosure.StatusReviewed:
				t.Errorf("pass succeeded but status %s", d.Status)
			case passErr != nil && (disclosure.GateFindings(passErr) == nil || auditCount(t, s, "gate_refused", "reviewer2") != refusedBefore+1):
				t.Errorf("pass refused with %v; want a gate refusal, audited", passErr)
			}
		}

		// 3. Two reviewers dismiss the same finding at once: one dismissal.
		id := newDoc("并发忽略", "值班电话 "+rawMobile+"。")
		df, _ := s.DocumentFindings(ctx, id)
		fp := fingerprintOf(t, df.Findings, "mobile")
		errs := together(
			func() error {
				_, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: fp, Reason: "单位公开的值班电话"})
				return err
			},
			func() error {
				_, err := s.DismissFinding(ctx, reviewer2, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: fp, Reason: "对外公开的办公电话"})
				return err
			})
		if n := ok(errs); n != 1 {
			t.Errorf("two dismissals at once: %d succeeded (%v); want 1", n, errs)
		}
		if ds, _ := s.Dismissals(ctx, disclosure.ItemDocument, id); len(ds) != 1 {
			t.Errorf("dismissals = %d; want 1", len(ds))
		}

		// 4. An interpretation added while the leader signs: it never goes
		// public unreviewed.
		for i := range 5 {
			id := newDoc(fmt.Sprintf("并发签发 %d", i), "正文。")
			if err := move(t, s, f.reviewer, id, disclosure.ActPass); err != nil {
				t.Fatal(err)
			}
			var iid int64
			var addErr, signErr error
			together(
				func() error { signErr = move(t, s, f.leader, id, disclosure.ActSign); return signErr },
				func() error {
					iid, addErr = s.AddInterpretation(ctx, f.author, disclosure.Interpretation{DocumentID: id, Form: "text", Title: "解读", BodyHTML: "<p>手机 " + rawMobile + "</p>"})
					return addErr
				})
			d, _ := s.Document(ctx, id)
			pub, _ := s.PublicInterpretations(ctx, id)
			for _, p := range pub {
				if d.Status == disclosure.StatusPublished && p.ID == iid && iid != 0 {
					t.Errorf("round %d: the interpretation added during sign-off is public unreviewed (sign %v, add %v)", i, signErr, addErr)
				}
			}
			if signErr == nil && d.Status != disclosure.StatusPublished {
				t.Errorf("round %d: sign succeeded, status %s", i, d.Status)
			}
			if signErr != nil && (addErr != nil || d.Status != disclosure.StatusSubmitted) {
				t.Errorf("round %d: sign refused (%v), add %v, status %s; want the add to have sent it back to review", i, signErr, addErr, d.Status)
			}
		}

		// 5. Two office users publish the same message at once: one publication.
		m, err := s.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "咨询", Content: "电话 " + rawMobile + "，请问如何转学？"}, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ReplyMessage(ctx, office, m.ID, "请到学校办理转学手续。", "基础教育科"); err != nil {
			t.Fatal(err)
		}
		other := auth.Actor{Login: "bangongshi2", Role: auth.RoleOffice}
		errs = together(func() error { return s.PublishMessage(ctx, office, m.ID) }, func() error { return s.PublishMessage(ctx, other, m.ID) })
		if n := len(errs) - countErr(errs); n != 1 {
			t.Errorf("two publications at once: %d succeeded (%v); want 1", n, errs)
		}
		noRawIn(t, s)
	})
}

func countErr(errs []error) (n int) {
	for _, e := range errs {
		if e != nil {
			n++
		}
	}
	return n
}
