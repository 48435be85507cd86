package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/inspect"
	"gongkai/internal/participation"
	"gongkai/internal/sanitize"
	"gongkai/internal/site"
	"gongkai/internal/workday"
)

// The facts the site inspection judges (internal/inspect has the rules):
// the columns with what they hold, the home page's newest item, the
// messages, the media accounts, the texts for the serious-error list and
// the documents' missing elements. Read-only; the inspection itself is
// stored by SaveInspection.

// SettingExternalLinks switches the checking of links to other sites on.
const SettingExternalLinks = "inspect.external_links"

// portalColumns are the portal's own lists that count as columns, besides
// the catalogue.
var portalColumns = []struct{ key, name, url string }{
	{"portal:interpretations", "政策解读", "/interpretations"},
	{"portal:consultations", "征求意见", "/consultations"},
	{"portal:messages", "互动交流", "/messages"},
	{"portal:annual-reports", "信息公开年报", "/annual-reports"},
}

// InspectColumns lists the portal's columns with their items: every
// catalogue item that is a leaf or holds documents itself, and the
// portal's own lists. Documents published to an audience only (定向公开)
// are not in the columns. The class is the office's choice, else
// inspect.DefaultClass of the name.
func (s *Store) InspectColumns(ctx context.Context) ([]inspect.Column, error) {
	classes, err := s.ColumnClasses(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.CatalogItems(ctx)
	if err != nil {
		return nil, err
	}
	hasChild := map[int64]bool{}
	for _, it := range items {
		hasChild[it.ParentID] = true
	}
	type agg struct {
		n    int
		last workday.Date
	}
	byItem := map[int64]*agg{}
	rows, err := s.query(ctx, `SELECT COALESCE(catalog_item_id, 0), COALESCE(published_at, '') FROM documents WHERE status = 'published' AND audience_unit_id IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("store: inspect columns: %w", err)
	}
	var allDocs agg
	for rows.Next() {
		var id int64
		var at string
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, err
		}
		a := byItem[id]
		if a == nil {
			a = &agg{}
			byItem[id] = a
		}
		a.n++
		allDocs.n++
		if t := ParseTS(at); !t.IsZero() {
			d := workday.DateOf(t)
			if d.After(a.last) {
				a.last = d
			}
			if d.After(allDocs.last) {
				allDocs.last = d
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.translate(err)
	}
	class := func(key, name string) inspect.Class {
		if c, ok := classes[key]; ok {
			return c
		}
		return inspect.DefaultClass(name)
	}
	var out []inspect.Column
	for _, it := range disclosure.Flatten(disclosure.CatalogTree(items)) {
		a := byItem[it.ID]
		if hasChild[it.ID] && a == nil {
			continue // a heading of the tree, not a column
		}
		c := inspect.Column{Key: "catalog:" + strconv.FormatInt(it.ID, 10), Name: it.Name, URL: "/catalog/" + strconv.FormatInt(it.ID, 10)}
		c.Class = class(c.Key, it.Name)
		if a != nil {
			c.Items, c.Last = a.n, a.last
		}
		out = append(out, c)
	}
	// The portal's lists: interpretations of published documents, open and
	// past consultations, published messages, published annual reports.
	dateOf := func(v string) workday.Date {
		if d, err := workday.ParseDate(v); err == nil {
			return d
		}
		if t := ParseTS(v); !t.IsZero() {
			return workday.DateOf(t)
		}
		return workday.Date{}
	}
	queries := map[string]string{
		"portal:interpretations": `SELECT i.created_at FROM interpretations i JOIN documents d ON d.id = i.document_id WHERE d.status = 'published'`,
		"portal:consultations":   `SELECT opens_on FROM consultations WHERE status <> 'draft'`,
		"portal:messages":        `SELECT COALESCE(replied_on, received_on) FROM messages WHERE status = 'published'`,
		"portal:annual-reports": `SELECT published_at FROM annual_reports WHERE published_at IS NOT NULL
			UNION ALL SELECT COALESCE(published_at, '') FROM documents WHERE status = 'published' AND audience_unit_id IS NULL AND title LIKE '%年度报告%'`,
	}
	for _, pc := range portalColumns {
		vals, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (string, error) {
			var v string
			return v, sc.Scan(&v)
		}, queries[pc.key])
		if err != nil {
			return nil, fmt.Errorf("store: inspect column %s: %w", pc.key, err)
		}
		c := inspect.Column{Key: pc.key, Name: pc.name, URL: pc.url, Class: class(pc.key, pc.name), Items: len(vals)}
		for _, v := range vals {
			if d := dateOf(v); d.After(c.Last) {
				c.Last = d
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// ColumnClasses returns the classes the office set, by column key.
func (s *Store) ColumnClasses(ctx context.Context) (map[string]inspect.Class, error) {
	type kc struct{ k, c string }
	list, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (kc, error) {
		var x kc
		return x, sc.Scan(&x.k, &x.c)
	}, `SELECT key, class FROM column_classes`)
	if err != nil {
		return nil, fmt.Errorf("store: column classes: %w", err)
	}
	out := map[string]inspect.Class{}
	for _, x := range list {
		out[x.k] = inspect.Class(x.c)
	}
	return out, nil
}

// SetColumnClasses stores the office's classes (key → class), audited.
// Keys must name existing columns.
func (s *Store) SetColumnClasses(ctx context.Context, a auth.Actor, set map[string]inspect.Class) error {
	cols, err := s.InspectColumns(ctx)
	if err != nil {
		return err
	}
	known := map[string]inspect.Column{}
	for _, c := range cols {
		known[c.Key] = c
	}
	keys := make([]string, 0, len(set))
	for k, c := range set {
		if _, ok := known[k]; !ok {
			return gongkai.Errorf(gongkai.EINVALID, "栏目“%s”不存在，请刷新页面后重试", k)
		}
		if !c.Valid() {
			return gongkai.Errorf(gongkai.EINVALID, "栏目“%s”的类别“%s”无效", known[k].Name, c)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.InTx(ctx, func(tx *Tx) error {
		var changed []string
		for _, k := range keys {
			c := set[k]
			if known[k].Class == c {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO column_classes (key, class, updated_at, updated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET class = excluded.class, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				k, string(c), TS(tx.Now), a.Login); err != nil {
				return err
			}
			changed = append(changed, fmt.Sprintf("%s：%s → %s", known[k].Name, known[k].Class.Label(), c.Label()))
		}
		if len(changed) == 0 {
			return nil
		}
		return tx.Audit(ctx, a, "update", "column_classes", "", "修改栏目更新类别："+strings.Join(changed, "；"), nil, set)
	})
}

// HomeLatest is the date of the newest item the home page lists (public
// documents and their interpretations); zero when there is none.
func (s *Store) HomeLatest(ctx context.Context) (workday.Date, error) {
	var last workday.Date
	for _, q := range []string{
		`SELECT MAX(published_at) FROM documents WHERE status = 'published' AND audience_unit_id IS NULL`,
		`SELECT MAX(i.created_at) FROM interpretations i JOIN documents d ON d.id = i.document_id WHERE d.status = 'published' AND d.audience_unit_id IS NULL`,
	} {
		var v *string
		if err := s.queryRow(ctx, q).Scan(&v); err != nil {
			return last, fmt.Errorf("store: home latest: %w", s.translate(err))
		}
		if v != nil {
			if t := ParseTS(*v); !t.IsZero() && workday.DateOf(t).After(last) {
				last = workday.DateOf(t)
			}
		}
	}
	return last, nil
}

// InspectMessages lists citizens' messages (not error reports) received
// since since, as the interaction rule sees them.
func (s *Store) InspectMessages(ctx context.Context, since workday.Date) ([]inspect.Message, error) {
	type row struct {
		id               int64
		title, status, r string
	}
	rows, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, sc.Scan(&x.id, &x.title, &x.status, &x.r)
	}, `SELECT id, title, status, received_on FROM messages WHERE kind = 'message' AND received_on >= ? ORDER BY received_on, id`, since.String())
	if err != nil {
		return nil, fmt.Errorf("store: inspect messages: %w", err)
	}
	out := make([]inspect.Message, 0, len(rows))
	for _, x := range rows {
		st := participation.MessageStatus(x.status)
		d, _ := workday.ParseDate(x.r)
		out = append(out, inspect.Message{Title: x.title, URL: "/admin/participation/messages/" + strconv.FormatInt(x.id, 10), Received: d,
			Valid: st != participation.MsgInvalid, Answered: st.Answered()})
	}
	return out, nil
}

// InspectMedia lists the active new-media accounts.
func (s *Store) InspectMedia(ctx context.Context) ([]inspect.Account, error) {
	all, err := s.MediaAccounts(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []inspect.Account
	for _, m := range all {
		if m.Status != participation.AccountActive {
			continue
		}
		out = append(out, inspect.Account{Name: m.Name, Platform: m.Platform, URL: "/admin/participation/media/" + strconv.FormatInt(m.ID, 10), LastPost: m.LastPost, Opened: m.Opened})
	}
	return out, nil
}

// MaxSeriousFindings bounds the serious-error findings of one inspection.
const MaxSeriousFindings = 500

// SearchSeriousErrors searches every published text — documents with
// their interpretations, published messages with their replies,
// consultations and their feedback, published policy evaluations, the
// published guide — for the entries of the list.
func (s *Store) SearchSeriousErrors(ctx context.Context, list []inspect.SeriousEntry) ([]inspect.Finding, error) {
	if len(list) == 0 {
		return nil, nil
	}
	var out []inspect.Finding
	check := func(url, where, text string) {
		for _, e := range inspect.SearchSerious(text, list) {
			if len(out) < MaxSeriousFindings {
				out = append(out, inspect.Finding{URL: url, Detail: e.Detail(where)})
			}
		}
	}
	type src struct {
		q     string
		url   func(id int64) string
		where string
		html  bool
	}
	srcs := []src{
		{`SELECT id, title || ' ' || doc_no || ' ' || body_text FROM documents WHERE status = 'published'`, disclosure.DocumentURL, "文件", false},
		{`SELECT d.id, i.title || ' ' || i.body_html FROM interpretations i JOIN documents d ON d.id = i.document_id WHERE d.status = 'published'`, disclosure.DocumentURL, "政策解读", true},
		{`SELECT id, reply || ' ' || reply_unit FROM messages WHERE status = 'published'`, func(id int64) string { return "/messages/" + strconv.FormatInt(id, 10) }, "留言答复", false},
		{`SELECT id, title || ' ' || draft || ' ' || explanation || ' ' || feedback_summary FROM consultations WHERE status <> 'draft'`, func(id int64) string { return "/consultations/" + strconv.FormatInt(id, 10) }, "征求意见", false},
		{`SELECT id, policy || ' ' || findings || ' ' || measures FROM policy_evaluations WHERE published_on IS NOT NULL`, func(int64) string { return "/evaluations" }, "政策评价", false},
	}
	for _, sr := range srcs {
		rows, err := s.query(ctx, sr.q)
		if err != nil {
			return nil, fmt.Errorf("store: serious errors: %w", err)
		}
		for rows.Next() {
			var id int64
			var text string
			if err := rows.Scan(&id, &text); err != nil {
				rows.Close()
				return nil, err
			}
			if sr.html {
				text = sanitize.StripTags(text)
			}
			check(sr.url(id), sr.where, text)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.translate(err)
		}
	}
	g, err := s.SiteGuide(ctx)
	if err != nil {
		return nil, err
	}
	if g.Published != nil {
		p := g.Published
		check("/guide", "信息公开指南", strings.Join([]string{p.WorkingBody, p.Organisation, p.Duties, p.Classification, p.Access, p.Apply, p.Remedy}, "\n"))
	}
	return out, nil
}

// MissingElements lists what the portal lacks of the elements every page
// and document must carry: the identity (footer), the published guide
// with the elements of 条例第十二条, and each published document's 发布日期
// and 来源 (发布机构).
func (s *Store) MissingElements(ctx context.Context) ([]inspect.Finding, error) {
	var out []inspect.Finding
	id, err := s.SiteIdentity(ctx)
	if err != nil {
		return nil, err
	}
	if !id.Set() {
		out = append(out, inspect.Finding{URL: "/", Detail: "门户网站尚未设置网站标识（网站名称、网站标识码、主办单位），请在“网站标识与指南”中设置"})
	}
	for _, m := range id.Missing() {
		out = append(out, inspect.Finding{URL: "/", Detail: "页脚缺少" + m})
	}
	g, err := s.SiteGuide(ctx)
	if err != nil {
		return nil, err
	}
	if g.Published == nil {
		out = append(out, inspect.Finding{URL: "/guide", Detail: "信息公开指南尚未发布"})
	} else {
		for _, m := range site.Missing(*g.Published, id) {
			out = append(out, inspect.Finding{URL: "/guide", Detail: "信息公开指南" + m})
		}
	}
	type doc struct {
		id                   int64
		title, issuer, pubAt string
		unitID               int64
	}
	docs, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (doc, error) {
		var d doc
		return d, sc.Scan(&d.id, &d.title, &d.issuer, &d.pubAt, &d.unitID)
	}, `SELECT id, title, issuer, COALESCE(published_at, ''), COALESCE(unit_id, 0) FROM documents WHERE status = 'published' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: missing elements: %w", err)
	}
	for _, d := range docs {
		var miss []string
		if ParseTS(d.pubAt).IsZero() {
			miss = append(miss, "发布日期")
		}
		if strings.TrimSpace(d.issuer) == "" && d.unitID == 0 {
			miss = append(miss, "来源（发布机构）")
		}
		if len(miss) > 0 && len(out) < MaxSeriousFindings {
			out = append(out, inspect.Finding{URL: disclosure.DocumentURL(d.id), Detail: fmt.Sprintf("文件“%s”缺少%s", d.title, strings.Join(miss, "、"))})
		}
	}
	return out, nil
}

// ExternalLinksOn reports whether links to other sites are checked.
func (s *Store) ExternalLinksOn(ctx context.Context) (bool, error) {
	m, err := s.Settings(ctx)
	if err != nil {
		return false, err
	}
	return m[SettingExternalLinks] == "true", nil
}
