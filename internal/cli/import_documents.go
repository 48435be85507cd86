package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/org"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
)

// importDocuments moves an old site's published documents over: a
// csv/xlsx listing, each row published as an already-reviewed historical
// item (audited as an import), in one transaction.
func importDocuments(ctx context.Context, env Env, args []string) error {
	fs := flags("import documents")
	asJSON := fs.Bool("json", false, "输出 JSON")
	dry := fs.Bool("dry-run", false, "只检查，不写入")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("用法：gongkai import documents 文件.csv|文件.xlsx [--json] [--dry-run]")
	}
	name := pos[0]
	tables, err := readListing(name)
	if err != nil {
		return err
	}
	m, err := office.MapTables(filepath.Base(name), tables, disclosure.DocumentsSchema)
	if err != nil {
		return err
	}
	rows, warnings, err := disclosure.DocumentRows(filepath.Base(name), m)
	if err != nil {
		return err
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	items, err := st.CatalogItems(ctx)
	if err != nil {
		return err
	}
	itemID := map[string]int64{}
	for _, it := range items {
		itemID[it.Name] = it.ID
	}
	var docs []store.ImportedDocument
	unmatched := []string{}
	seenUnmatched := map[string]bool{}
	for _, r := range rows {
		in := store.DocumentInput{Title: r.Title, DocNo: r.DocNo, WrittenOn: r.WrittenOn, Topic: r.Topic, Genre: r.Genre, Tags: r.Tags, Attribute: disclosure.AttrProactive, Issuer: r.Issuer}
		if r.Issuer != "" {
			res := org.Resolve(r.Issuer, units)
			if res.How == org.ResolvedExact && len(res.Units) == 1 {
				in.UnitID, in.Issuer = res.Units[0].ID, ""
			} else if !seenUnmatched[r.Issuer] {
				seenUnmatched[r.Issuer] = true
				unmatched = append(unmatched, r.Issuer)
			}
		}
		if r.Catalog != "" {
			if id, ok := itemID[r.Catalog]; ok {
				in.CatalogItemID = id
			} else {
				warnings = append(warnings, fmt.Sprintf("第 %d 行：目录“%s”不在公开目录中，未归入目录", r.Row, r.Catalog))
			}
		}
		body, err := importBody(filepath.Dir(name), r.Body)
		if err != nil {
			return gongkai.Wrap(gongkai.ErrorCode(err), fmt.Sprintf("%s 第 %d 行（正文）：%s", filepath.Base(name), r.Row, gongkai.ErrorMessage(err)), err)
		}
		in.BodyHTML, in.BodyText = bodyOf(body)
		docs = append(docs, store.ImportedDocument{Row: r.Row, Input: in, PublishedOn: r.PublishedOn, Validity: r.Validity})
	}
	// The publication gate: a row whose text holds a finding that must be
	// fixed (an ID or mobile number, an e-mail address, a sensitive word) is
	// imported waiting for the confidentiality review, not published.
	var res store.DocImportResult
	if !*dry {
		if res, err = st.ImportDocumentsReport(ctx, auth.CLI, docs); err != nil {
			return err
		}
	}
	type heldJSON struct {
		Row      int                  `json:"row"`
		ID       int64                `json:"id"`
		Title    string               `json:"title"`
		Findings []disclosure.Finding `json:"findings"`
	}
	held := []heldJSON{}
	for _, h := range res.Held {
		held = append(held, heldJSON{Row: h.Row, ID: h.ID, Title: h.Title, Findings: h.Findings})
	}
	if *asJSON {
		if warnings == nil {
			warnings = []string{}
		}
		ids := res.IDs
		if ids == nil {
			ids = []int64{}
		}
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"documents": len(docs), "imported": len(ids), "published": len(ids) - len(held),
			"held_for_review": held, "dry_run": *dry, "ids": ids, "unmatched_issuers": unmatched, "warnings": warnings})
	}
	verb := "已导入"
	if *dry {
		verb = "检查通过（未写入），可导入"
	}
	fmt.Fprintf(env.Stdout, "%s %d 件历史文件\n", verb, len(docs))
	if len(held) > 0 {
		fmt.Fprintf(env.Stdout, "其中 %d 件含必须修改的内容，未公开，已转保密审查员审查（审查、签发后按原发布日期公开）：\n", len(held))
		for _, h := range held {
			var what []string
			for _, f := range h.Findings {
				what = append(what, f.FieldLabel+"："+f.Label+"“"+f.Masked+"”")
			}
			fmt.Fprintf(env.Stdout, "  第 %d 行《%s》：%s\n", h.Row, h.Title, strings.Join(what, "；"))
		}
	}
	if len(unmatched) > 0 {
		fmt.Fprintf(env.Stdout, "以下发布机构未匹配到单位，已按原文保留：%s\n", strings.Join(unmatched, "、"))
	}
	for _, w := range warnings {
		fmt.Fprintln(env.Stdout, "提示："+w)
	}
	return nil
}

// importBody returns the body cell, or the content of the file it names
// (.txt, .html, .htm, .docx, relative to the listing's folder).
func importBody(dir, cell string) (string, error) {
	ext := strings.ToLower(filepath.Ext(cell))
	if cell == "" || strings.ContainsAny(cell, "\n<") || (ext != ".txt" && ext != ".html" && ext != ".htm" && ext != ".docx") {
		return cell, nil
	}
	p := cell
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, cell)
	}
	if fi, err := os.Stat(p); err != nil {
		return "", gongkai.Errorf(gongkai.EINVALID, "找不到正文文件 %s", cell)
	} else if fi.Size() > office.MaxFileSize {
		return "", gongkai.Errorf(gongkai.ETOOLARGE, "正文文件 %s 超过 %d MB", cell, office.MaxFileSize>>20)
	}
	data, err := readInput(p)
	if err != nil {
		return "", err
	}
	return fileText(cell, data)
}

// fileText extracts text (or HTML) from a .txt, .html or .docx file. A
// .docx is read within office.DefaultLimits (a zip bomb is refused before
// it is inflated).
func fileText(name string, data []byte) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		paras, err := office.DocxText(data)
		if err != nil {
			code := gongkai.ErrorCode(err)
			if code == gongkai.EINTERNAL {
				code = gongkai.EINVALID
			}
			return "", gongkai.Wrap(code, "无法读取 "+name+"："+gongkai.ErrorMessage(err), err)
		}
		return strings.Join(paras, "\n"), nil
	}
	return strings.TrimPrefix(string(data), "\ufeff"), nil
}

// listingLimits bound a documents listing: a body written into a cell may
// hold 500,000 characters. A .csv is streamed, so its size is not limited,
// only what is kept: 200,000 rows, 3,000,000 cells, 128 MB of text. Other
// formats keep the default cell limits.
func listingLimits(stream bool) office.Limits {
	l := office.DefaultLimits()
	l.CellText = 500_000
	l.LineSize = 2 << 20
	if stream {
		l.FileSize = -1
		l.Rows = 200_000
		l.Cells = 3_000_000
		l.TextSize = 128 << 20
	}
	return l
}

// readListing reads a documents listing: a .csv as it streams, any other
// format (at most office.MaxFileSize) whole.
func readListing(name string) ([]office.Table, error) {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		f, err := os.Open(name)
		if err != nil {
			return nil, gongkai.Errorf(gongkai.EINVALID, "找不到文件 %s", name)
		}
		defer f.Close()
		return listingLimits(true).ReadCSV(name, f)
	}
	data, err := readInput(name)
	if err != nil {
		return nil, err
	}
	return listingLimits(false).ReadTables(name, data)
}

func bodyOf(body string) (html, text string) {
	body = strings.TrimSpace(body)
	if strings.Contains(body, "<") && strings.Contains(body, ">") {
		html = sanitize.HTML(body)
		return html, sanitize.StripTags(html)
	}
	return sanitize.Text(body), body
}

// importCatalog imports a standard disclosure catalogue (txt/csv/xlsx/docx).
func importCatalog(ctx context.Context, env Env, args []string) error {
	fs := flags("import catalog")
	asJSON := fs.Bool("json", false, "输出 JSON")
	dry := fs.Bool("dry-run", false, "只检查，不写入")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("用法：gongkai import catalog 目录.xlsx|.csv|.txt|.docx [--json] [--dry-run]")
	}
	data, err := readInput(pos[0])
	if err != nil {
		return err
	}
	items, warnings, err := disclosure.ParseCatalogFile(filepath.Base(pos[0]), data)
	if err != nil {
		return err
	}
	created := 0
	if !*dry {
		st, err := openReady(ctx, env, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if created, err = st.ImportCatalog(ctx, auth.CLI, items); err != nil {
			return err
		}
	}
	if *asJSON {
		type row struct {
			Row       int      `json:"row"`
			Path      []string `json:"path"`
			TimeLimit string   `json:"time_limit"`
			LimitDays int      `json:"limit_days"`
			Channels  string   `json:"channels"`
		}
		out := []row{}
		for _, it := range items {
			out = append(out, row{it.Row, it.Path, it.Item.TimeLimit, it.Item.LimitDays, it.Item.Channels})
		}
		if warnings == nil {
			warnings = []string{}
		}
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"rows": len(items), "created": created, "dry_run": *dry, "items": out, "warnings": warnings})
	}
	fmt.Fprintf(env.Stdout, "目录 %d 行，新建 %d 个事项\n", len(items), created)
	for _, w := range warnings {
		fmt.Fprintln(env.Stdout, "提示："+w)
	}
	return nil
}
