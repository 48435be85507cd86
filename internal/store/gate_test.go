package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

const (
	rawID     = "370882201001011231"
	rawMobile = "13812345678"
)

// gateRefused checks that err is a gate refusal of the given findings
// (kind@source), that nothing in it shows a raw number, and returns them.
func gateRefused(t *testing.T, err error, want ...string) []disclosure.Finding {
	t.Helper()
	if gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Fatalf("got %v; want a gate refusal (ECONFLICT)", err)
	}
	fs := disclosure.GateFindings(err)
	var got []string
	for _, f := range fs {
		got = append(got, f.Kind+"@"+f.Source)
		if !f.Blocking || f.Dismissed || f.FieldLabel == "" || f.Message == "" || f.Label == "" || f.Fingerprint == "" {
			t.Errorf("refusal finding %+v; want blocking, not dismissed, with labels, message and fingerprint", f)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("refusal findings = %v; want %v", got, want)
	}
	b, _ := json.Marshal(gongkai.ErrorDetails(err))
	for _, raw := range []string{rawID, rawMobile} {
		if strings.Contains(string(b), raw) || strings.Contains(err.Error(), raw) {
			t.Errorf("refusal shows the raw number %s: %s / %s", raw, err, b)
		}
	}
	if !strings.Contains(gongkai.ErrorMessage(err), "项必须修改的问题") {
		t.Errorf("message = %q; want it to say how many findings must be fixed", gongkai.ErrorMessage(err))
	}
	return fs
}

// noRawIn fails when a raw number shows in the gate's audit rows or tables.
func noRawIn(t *testing.T, s *store.Store) {
	t.Helper()
	for _, q := range []string{
		`SELECT summary || before_json || after_json FROM audit_log WHERE action IN ('gate_refused', 'dismiss_finding', 'import_held', 'hold', 'reopen_review')`,
		`SELECT fingerprint || source || field_label || kind || label || masked || reason FROM finding_dismissals`,
		`SELECT fingerprint || title || source || field_label || masked || message || page FROM privacy_findings`,
		`SELECT text FROM public_texts`,
	} {
		rows, err := s.DB().Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			for _, raw := range []string{rawID, rawMobile} {
				if strings.Contains(v, raw) {
					t.Errorf("raw number %s stored in clear: %s", raw, v)
				}
			}
		}
		rows.Close()
	}
}

func auditCount(t *testing.T, s *store.Store, action, actor string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(s.Rebind(`SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor_login = ?`), action, actor).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fingerprintOf(t *testing.T, fs []disclosure.Finding, kind string) string {
	t.Helper()
	for _, f := range fs {
		if f.Kind == kind {
			return f.Fingerprint
		}
	}
	t.Fatalf("no %s finding in %+v", kind, fs)
	return ""
}

func move(t *testing.T, s *store.Store, a auth.Actor, id int64, act disclosure.Action) error {
	t.Helper()
	_, err := s.MoveDocument(context.Background(), a, store.MoveRequest{ID: id, Action: act, Reason: "请修改"})
	return err
}

func TestDocumentGateAndDismissals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		in := store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "关于开展研学旅行实践活动的通知", DocNo: "济兖教体字〔2023〕21号",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育",
			BodyText: "各学校：\n组织学生开展研学旅行。带队教师身份证号 " + rawID + "，联系手机 " + rawMobile + "。"}
		id, err := s.CreateDocument(ctx, f.author, in)
		if err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.author, id, disclosure.ActSubmit); err != nil {
			t.Fatal(err)
		}
		// 1. The reviewer cannot pass it: two findings stand, the refusal is audited.
		fs := gateRefused(t, move(t, s, f.reviewer, id, disclosure.ActPass), "id_number@body", "mobile@body")
		if auditCount(t, s, "gate_refused", "reviewer") != 1 {
			t.Errorf("gate refusal audit rows by reviewer = %d; want 1", auditCount(t, s, "gate_refused", "reviewer"))
		}
		if d, _ := s.Document(ctx, id); d.Status != disclosure.StatusSubmitted {
			t.Errorf("status after refused pass = %s; want submitted", d.Status)
		}
		// 2. Who may dismiss: not the author, not the leader; a reason is required.
		idFP, mobFP := fingerprintOf(t, fs, "id_number"), fingerprintOf(t, fs, "mobile")
		req := store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: mobFP, Reason: "该号码是单位公开的值班电话"}
		for _, who := range []auth.Actor{f.author, f.leader, {UserID: f.author.UserID, Login: "author", Role: auth.RoleReviewer}} {
			if _, err := s.DismissFinding(ctx, who, req); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
				t.Errorf("dismiss by %s (%s): %v; want EFORBIDDEN", who.Login, who.Role, err)
			}
		}
		short := req
		short.Reason = "误报"
		if _, err := s.DismissFinding(ctx, f.reviewer, short); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "理由") {
			t.Errorf("dismiss with a 2-character reason: %v; want EINVALID asking for the reason", err)
		}
		ds, err := s.DismissFinding(ctx, f.reviewer, req)
		if err != nil {
			t.Fatal(err)
		}
		if ds.Masked != "138****5678" || ds.By != "reviewer" || ds.Reason != req.Reason {
			t.Errorf("dismissal = %+v; want masked value, reviewer and reason", ds)
		}
		if _, err := s.DismissFinding(ctx, f.reviewer, req); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("dismiss twice: %v; want ECONFLICT", err)
		}
		if _, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: "ffff", Reason: req.Reason}); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("dismiss an unknown finding: %v; want ENOTFOUND", err)
		}
		// 3. The ID number still stands.
		gateRefused(t, move(t, s, f.reviewer, id, disclosure.ActPass), "id_number@body")
		// 4. Fixed by the author: the reviewer returns it, the author removes the ID number.
		if err := move(t, s, f.reviewer, id, disclosure.ActReturn); err != nil {
			t.Fatal(err)
		}
		in.BodyText = "各学校：\n组织学生开展研学旅行，带队教师由学校指定。联系手机 " + rawMobile + "。"
		if err := s.UpdateDocument(ctx, f.author, id, in); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.author, id, disclosure.ActSubmit); err != nil {
			t.Fatal(err)
		}
		// The dismissal of the mobile number survived the unrelated edit.
		if err := move(t, s, f.reviewer, id, disclosure.ActPass); err != nil {
			t.Fatalf("pass after the fix: %v", err)
		}
		df, err := s.DocumentFindings(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(df.Standing()) != 0 || len(df.Dismissals) != 1 || !df.Dismissals[0].Current || df.Dismissals[0].Fingerprint == idFP {
			t.Errorf("findings after pass: standing %d, dismissals %+v; want none standing and the mobile dismissal current", len(df.Standing()), df.Dismissals)
		}
		revs, _ := s.Reviews(ctx, id)
		if !strings.Contains(revs[0].Findings, "138****5678") || strings.Contains(revs[0].Findings, rawMobile) || !strings.Contains(revs[0].Findings, `"dismissed":true`) {
			t.Errorf("review record findings = %s; want the store's own findings, masked, with the dismissal", revs[0].Findings)
		}
		if err := move(t, s, f.leader, id, disclosure.ActSign); err != nil {
			t.Fatalf("sign: %v", err)
		}
		// 5. A changed value is a new finding: the dismissal does not cover it.
		id2, _ := s.CreateDocument(ctx, f.author, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "第二份通知",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育", BodyText: "值班电话 " + rawMobile + "。"})
		move(t, s, f.author, id2, disclosure.ActSubmit)
		fs2 := gateRefused(t, move(t, s, f.reviewer, id2, disclosure.ActPass), "mobile@body")
		if fs2[0].Fingerprint == mobFP {
			t.Errorf("fingerprint is the same across documents; want it keyed by the document")
		}
		if _, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id2, Fingerprint: fs2[0].Fingerprint, Reason: "单位公开的值班电话"}); err != nil {
			t.Fatal(err)
		}
		move(t, s, f.reviewer, id2, disclosure.ActReturn)
		s.UpdateDocument(ctx, f.author, id2, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "第二份通知（修改）",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育", BodyText: "值班电话 138 1234 5678。"})
		move(t, s, f.author, id2, disclosure.ActSubmit)
		if err := move(t, s, f.reviewer, id2, disclosure.ActPass); err != nil {
			t.Errorf("same number written with spaces after an edit: %v; want the dismissal to hold", err)
		}
		move(t, s, f.leader, id2, disclosure.ActReturn)
		s.UpdateDocument(ctx, f.author, id2, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "第二份通知（修改）",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育", BodyText: "值班电话 13912345678。"})
		move(t, s, f.author, id2, disclosure.ActSubmit)
		gateRefused(t, move(t, s, f.reviewer, id2, disclosure.ActPass), "mobile@body")
		// 6. The sign-off is gated too: a sensitive word added to the list after the pass.
		move(t, s, f.reviewer, id2, disclosure.ActReturn)
		s.UpdateDocument(ctx, f.author, id2, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "第二份通知（修改）",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "教育", BodyText: "请各校按内部资料执行。"})
		move(t, s, f.author, id2, disclosure.ActSubmit)
		if err := move(t, s, f.reviewer, id2, disclosure.ActPass); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSensitiveWords(ctx, f.reviewer, []string{"内部资料"}); err != nil {
			t.Fatal(err)
		}
		gateRefused(t, move(t, s, f.leader, id2, disclosure.ActSign), "sensitive_word@body")
		if auditCount(t, s, "gate_refused", "leader") != 1 {
			t.Errorf("sign-off refusal not audited")
		}
		noRawIn(t, s)
	})
}

func TestGateCoversInterpretationsAndAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		in := store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "兖州区研学实践教育管理办法", DocNo: "济兖教体发〔2023〕5号",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenrePolicy, Topic: "教育", BodyText: "第一条 为规范研学实践教育，制定本办法。"}
		id, err := s.CreateDocument(ctx, f.author, in,
			store.NewAttachment{Name: "带队教师名单.txt", ContentType: "text/plain", Data: []byte("带队教师 手机" + rawMobile)},
			store.NewAttachment{Name: "扫描件.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\nnot really\n%%EOF\n")})
		if err != nil {
			t.Fatal(err)
		}
		iid, err := s.AddInterpretation(ctx, f.author, disclosure.Interpretation{DocumentID: id, Form: "text", Title: "一图读懂",
			BodyHTML: "<p>咨询电话：" + rawMobile + "；经办人身份证号 " + rawID + "</p>"})
		if err != nil {
			t.Fatal(err)
		}
		atts, _ := s.Attachments(ctx, id)
		if len(atts) != 2 || atts[0].TextStatus != "ok" || atts[1].TextStatus != "unreadable" {
			t.Fatalf("attachments = %+v; want the text read and the PDF unreadable", atts)
		}
		move(t, s, f.author, id, disclosure.ActSubmit)
		src := func(p string, n int64) string { return p + ":" + fmtInt(n) }
		fs := gateRefused(t, move(t, s, f.reviewer, id, disclosure.ActPass),
			"mobile@"+src("interpretation", iid), "id_number@"+src("interpretation", iid), "mobile@"+src("attachment", atts[0].ID), "unreadable@"+src("attachment", atts[1].ID))
		for _, x := range fs {
			if x.Kind == "unreadable" && (!strings.Contains(x.Message, "无法提取文字，请人工核对") || x.FieldLabel != "附件“扫描件.pdf”") {
				t.Errorf("unreadable finding = %+v; want 无法提取文字，请人工核对 on the PDF", x)
			}
		}
		df, _ := s.DocumentFindings(ctx, id)
		if m := string(df.Marked[src("interpretation", iid)+"/body"]); !strings.Contains(m, `<mark class="finding finding-mobile"`) {
			t.Errorf("interpretation body marked = %q; want the mobile number highlighted", m)
		}
		// The reviewer acknowledges the unreadable PDF and dismisses the
		// public hotline; the ID numbers must go.
		for _, x := range fs {
			if x.Kind == "id_number" {
				continue
			}
			if _, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: x.Fingerprint, Reason: "已人工逐页核对，无个人信息；热线为公开电话"}); err != nil {
				t.Fatal(err)
			}
		}
		gateRefused(t, move(t, s, f.reviewer, id, disclosure.ActPass), "id_number@"+src("interpretation", iid))
		if err := s.UpdateInterpretation(ctx, f.author, disclosure.Interpretation{ID: iid, Form: "text", Title: "一图读懂", BodyHTML: "<p>咨询电话：" + rawMobile + "</p>"}); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.reviewer, id, disclosure.ActPass); err != nil {
			t.Fatalf("pass after the interpretation was fixed: %v", err)
		}
		if err := move(t, s, f.leader, id, disclosure.ActSign); err != nil {
			t.Fatal(err)
		}
		noRawIn(t, s)
	})
}

func TestOneReviewPerChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		id, err := s.CreateDocument(ctx, f.author, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "兖州区课后服务实施办法", DocNo: "济兖教体发〔2023〕6号",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenrePolicy, Topic: "教育", BodyText: "第一条 为做好课后服务，制定本办法。"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddInterpretation(ctx, f.author, disclosure.Interpretation{DocumentID: id, Form: "qa", Title: "问答", BodyHTML: "<p>问：收费吗？答：不收费。</p>"}); err != nil {
			t.Fatal(err)
		}
		move(t, s, f.author, id, disclosure.ActSubmit)
		if err := move(t, s, f.reviewer, id, disclosure.ActPass); err != nil {
			t.Fatal(err)
		}
		// Added after the pass: back to review, with event, audit and notification.
		iid, err := s.AddInterpretation(ctx, f.author, disclosure.Interpretation{DocumentID: id, Form: "text", Title: "政策解读", BodyHTML: "<p>联系人手机 " + rawMobile + "</p>"})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.Document(ctx, id)
		evs, _ := s.DocumentEvents(ctx, id)
		last := evs[len(evs)-1]
		if d.Status != disclosure.StatusSubmitted || last.From != disclosure.StatusReviewed || !strings.Contains(last.Reason, "解读/附件在审查后变更，需重新审查") {
			t.Fatalf("after a late interpretation: status %s, last event %+v; want back to review with the reason", d.Status, last)
		}
		if auditCount(t, s, "reopen_review", "author") != 1 {
			t.Errorf("reopen not audited")
		}
		ns, _ := s.Notifications(ctx, auth.User{ID: f.reviewer.UserID, Role: auth.RoleReviewer}, true, 10)
		if len(ns) == 0 || !strings.Contains(ns[0].Title, "需重新保密审查") {
			t.Errorf("reviewer notifications = %+v; want 需重新保密审查", ns)
		}
		if err := move(t, s, f.leader, id, disclosure.ActSign); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Fatalf("sign while back in review: %v; want ECONFLICT", err)
		}
		gateRefused(t, move(t, s, f.reviewer, id, disclosure.ActPass), "mobile@interpretation:"+fmtInt(iid))
		if err := s.UpdateInterpretation(ctx, f.author, disclosure.Interpretation{ID: iid, Form: "text", Title: "政策解读", BodyHTML: "<p>咨询请拨打教育服务热线。</p>"}); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.reviewer, id, disclosure.ActPass); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.leader, id, disclosure.ActSign); err != nil {
			t.Fatal(err)
		}
		revs, _ := s.Reviews(ctx, id)
		if len(revs) != 2 || revs[1].Outcome != "reopened" || revs[0].Outcome != "published" {
			t.Errorf("reviews = %+v; want the reopened one and the published one", revs)
		}
		// After publication: a changed interpretation leaves the portal until passed.
		if err := s.UpdateInterpretation(ctx, f.author, disclosure.Interpretation{ID: iid, Form: "text", Title: "政策解读", BodyHTML: "<p>咨询：" + rawMobile + "</p>"}); err != nil {
			t.Fatal(err)
		}
		pub, _ := s.PublicInterpretations(ctx, id)
		all, _ := s.Interpretations(ctx, 0, true, 0)
		if len(pub) != 1 || pub[0].ID == iid || len(all) != 1 {
			t.Errorf("public interpretations = %+v / %+v; want only the unchanged one", pub, all)
		}
		if d, _ := s.Document(ctx, id); d.Status != disclosure.StatusPublished {
			t.Errorf("document status = %s; want still published", d.Status)
		}
		if err := s.ReleaseHeld(ctx, f.author, id, ""); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("release by the author: %v; want EFORBIDDEN", err)
		}
		fs := gateRefused(t, s.ReleaseHeld(ctx, f.reviewer, id, ""), "mobile@interpretation:"+fmtInt(iid))
		if _, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: id, Fingerprint: fs[0].Fingerprint, Reason: "教育服务热线，对外公开"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ReleaseHeld(ctx, f.reviewer, id, "热线为公开电话"); err != nil {
			t.Fatal(err)
		}
		if pub, _ = s.PublicInterpretations(ctx, id); len(pub) != 2 {
			t.Errorf("public interpretations after release = %d; want 2", len(pub))
		}
		if err := s.ReleaseHeld(ctx, f.reviewer, id, ""); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("release with nothing held: %v; want ECONFLICT", err)
		}
		noRawIn(t, s)
	})
}

func TestImportHoldsDocumentsWithFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		docs := []store.ImportedDocument{
			{Row: 2, PublishedOn: workday.MustDate("2019-03-01"), Input: store.DocumentInput{Title: "2019年招生工作通知", DocNo: "济兖教体字[2019]第05号",
				WrittenOn: workday.MustDate("2019-02-27"), Issuer: "兖州区教育局", BodyText: "各学校：做好招生工作。"}},
			{Row: 3, PublishedOn: workday.MustDate("2019-06-01"), Input: store.DocumentInput{Title: "2019年录取名单公示", WrittenOn: workday.MustDate("2019-05-30"),
				Issuer: "兖州区教育局", BodyText: "录取学生：身份证号 " + rawID + "，家长手机 " + rawMobile + "。"}},
		}
		res, err := s.ImportDocumentsReport(ctx, auth.CLI, docs)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.IDs) != 2 || len(res.Held) != 1 || res.Held[0].Row != 3 || len(res.Held[0].Findings) != 2 {
			t.Fatalf("import = %+v; want 2 imported, row 3 held with 2 findings", res)
		}
		clean, _ := s.Document(ctx, res.IDs[0])
		held, _ := s.Document(ctx, res.IDs[1])
		if clean.Status != disclosure.StatusPublished || held.Status != disclosure.StatusSubmitted || !held.PublishedAt.IsZero() || held.IndexNo == "" {
			t.Fatalf("clean %s, held %s published %v index %q; want published and held for review with its index number", clean.Status, held.Status, held.PublishedAt, held.IndexNo)
		}
		if r, _ := s.Search(ctx, store.SearchRequest{Q: "录取名单"}); r.Total != 0 {
			t.Errorf("held import is searchable")
		}
		// Reviewed like any document (text only: no missing elements asked), then signed off
		// with its original publication date (no 三同步 for a historical document).
		fs := gateRefused(t, move(t, s, f.reviewer, held.ID, disclosure.ActPass), "id_number@body", "mobile@body")
		move(t, s, f.reviewer, held.ID, disclosure.ActReturn)
		// No unit matched the old issuer: the office edits and submits it.
		if err := s.UpdateDocument(ctx, office, held.ID, store.DocumentInput{Title: held.Title, WrittenOn: held.WrittenOn, Issuer: "兖州区教育局",
			BodyText: "录取学生名单见附件（已隐去身份证号）。家长手机 " + rawMobile + "。"}); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, office, held.ID, disclosure.ActSubmit); err != nil {
			t.Fatal(err)
		}
		gateRefused(t, move(t, s, f.reviewer, held.ID, disclosure.ActPass), "mobile@body")
		if _, err := s.DismissFinding(ctx, f.reviewer, store.DismissRequest{Item: disclosure.ItemDocument, ItemID: held.ID, Fingerprint: fingerprintOf(t, fs, "mobile"), Reason: "招生咨询公开电话"}); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.reviewer, held.ID, disclosure.ActPass); err != nil {
			t.Fatal(err)
		}
		if err := move(t, s, f.leader, held.ID, disclosure.ActSign); err != nil {
			t.Fatal(err)
		}
		held, _ = s.Document(ctx, held.ID)
		if held.Status != disclosure.StatusPublished || workday.DateOf(held.PublishedAt.In(time.FixedZone("CST", 8*3600))).String() != "2019-06-01" {
			t.Errorf("after review: %s published %v; want published on 2019-06-01", held.Status, held.PublishedAt)
		}
		noRawIn(t, s)
	})
}
