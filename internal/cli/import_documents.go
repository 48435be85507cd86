package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/org"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
)

// importBatch is how many documents go into one transaction.
const importBatch = 500

// importDocuments moves an old site's published documents over: a
// csv/xlsx listing, each row published as an already-reviewed historical
// item (audited as an import). The listing is read twice, a .csv as it
// streams: first every row is checked (a bad row refuses the file and
// nothing is written), then the rows are written importBatch to a
// transaction, the next batch being prepared (checks, index tokens, word
// bags) while one is written; on a terminal the count, rate and time left
// are shown. If writing fails, the rows written so far stay and the
// message says from which row to go on (--from-row).
func importDocuments(ctx context.Context, env Env, args []string) error {
	fs := flags("import documents")
	asJSON := fs.Bool("json", false, "输出 JSON")
	dry := fs.Bool("dry-run", false, "只检查，不写入")
	db := fs.String("db", "", "数据库")
	fromRow := fs.Int("from-row", 0, "从清单的第几行起导入（中断后继续时用）")
	batchSize := fs.Int("batch", importBatch, "每个事务写入的文件数")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("用法：gongkai import documents 文件.csv|文件.xlsx [--json] [--dry-run] [--from-row N]")
	}
	if *batchSize < 1 || *batchSize > 10000 {
		return usagef("--batch 应在 1 到 10000 之间")
	}
	name := pos[0]
	if _, err := os.Stat(name); err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "找不到文件 %s", name)
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	conv, err := newRowConverter(ctx, st, name)
	if err != nil {
		return err
	}

	// 1. Check every row; nothing is written if one is wrong.
	total, lastRow := 0, 0
	started := time.Now()
	err = eachListingChunk(name, *batchSize, func(rows []disclosure.ImportRow, warnings []string) error {
		conv.warn(warnings)
		docs, err := conv.convert(rows)
		if err != nil {
			return err
		}
		if err := st.CheckImport(ctx, docs); err != nil {
			return gongkai.Wrap(gongkai.ErrorCode(err), filepath.Base(name)+" "+gongkai.ErrorMessage(err), err)
		}
		for _, d := range docs {
			if d.Row >= *fromRow {
				total++
			}
			lastRow = d.Row
		}
		return nil
	})
	if err != nil {
		return err
	}

	// 2. Write, batch by batch.
	var res store.DocImportResult
	var written, doneTo int // documents written; the last row written
	if !*dry && total > 0 {
		prog := newProgress(env.Stderr, total)
		type prepared struct {
			p        store.PreparedImport
			from, to int
			err      error
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ready := make(chan prepared, 1)
		go func() {
			defer close(ready)
			err := eachListingChunk(name, *batchSize, func(rows []disclosure.ImportRow, _ []string) error {
				docs, err := conv.convert(rows)
				if err != nil {
					return err
				}
				docs = slices.DeleteFunc(docs, func(d store.ImportedDocument) bool { return d.Row < *fromRow })
				if len(docs) == 0 {
					return nil
				}
				p, err := st.PrepareImport(ctx, docs)
				select {
				case ready <- prepared{p: p, from: docs[0].Row, to: docs[len(docs)-1].Row, err: err}:
				case <-ctx.Done():
					return ctx.Err()
				}
				return err
			})
			if err != nil && ctx.Err() == nil {
				select {
				case ready <- prepared{err: err}:
				case <-ctx.Done():
				}
			}
		}()
		for b := range ready {
			err := b.err
			var r store.DocImportResult
			if err == nil {
				r, err = st.ImportPrepared(ctx, auth.CLI, b.p)
			}
			if err != nil {
				cancel()
				for range ready {
					// the preparing goroutine stops; wait for it, so it
					// no longer uses the store when the caller closes it
				}
				prog.done()
				msg := gongkai.ErrorMessage(err)
				if written > 0 {
					msg += fmt.Sprintf("。此前已导入 %d 件（至清单第 %d 行），修正后可加 --from-row %d 继续导入", written, doneTo, doneTo+1)
				} else {
					msg += "。没有导入任何文件"
				}
				return gongkai.Wrap(gongkai.ErrorCode(err), msg, err)
			}
			written += len(r.IDs)
			doneTo = b.to
			res.IDs = append(res.IDs, r.IDs...)
			res.Held = append(res.Held, r.Held...)
			prog.add(len(r.IDs))
		}
		prog.done()
		if written >= 10*(*batchSize) {
			if err := st.OptimizeSearch(ctx); err != nil {
				return err
			}
		}
	}
	took := time.Since(started)
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
		ids := res.IDs
		if ids == nil {
			ids = []int64{}
		}
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"documents": total, "imported": len(ids), "published": len(ids) - len(held),
			"held_for_review": held, "dry_run": *dry, "ids": ids, "unmatched_issuers": conv.unmatched, "warnings": conv.warnings,
			"last_row": lastRow, "seconds": took.Seconds()})
	}
	verb := "已导入"
	if *dry {
		verb = "检查通过（未写入），可导入"
	}
	fmt.Fprintf(env.Stdout, "%s %d 件历史文件（用时 %s）\n", verb, total, took.Round(time.Second))
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
	if len(conv.unmatched) > 0 {
		fmt.Fprintf(env.Stdout, "以下发布机构未匹配到单位，已按原文保留：%s\n", strings.Join(conv.unmatched, "、"))
	}
	for _, w := range conv.warnings {
		fmt.Fprintln(env.Stdout, "提示："+w)
	}
	return nil
}

// eachListingChunk hands the checked rows of a documents listing to fn, up
// to chunk at a time: a .csv as it streams, another format read whole
// (within office.MaxFileSize).
func eachListingChunk(name string, chunk int, fn func(rows []disclosure.ImportRow, warnings []string) error) error {
	base := filepath.Base(name)
	seen := 0
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		f, err := os.Open(name)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "找不到文件 %s", name)
		}
		defer f.Close()
		err = listingLimits(true).StreamCSV(name, f, disclosure.DocumentsSchema, chunk, func(m office.Mapped) error {
			if len(m.Records) == 0 {
				return nil
			}
			rows, warnings, err := disclosure.DocumentRows(base, m)
			if err != nil {
				return err
			}
			seen += len(rows)
			return fn(rows, warnings)
		})
		if err == nil && seen == 0 {
			err = gongkai.Errorf(gongkai.EINVALID, "%s：没有找到文件，请检查表头是否包含“标题”“发布日期”", base)
		}
		return err
	}
	data, err := readInput(name)
	if err != nil {
		return err
	}
	tables, err := listingLimits(false).ReadTables(name, data)
	if err != nil {
		return err
	}
	m, err := office.MapTables(base, tables, disclosure.DocumentsSchema)
	if err != nil {
		return err
	}
	rows, warnings, err := disclosure.DocumentRows(base, m)
	if err != nil {
		return err
	}
	for i := 0; i < len(rows); i += chunk {
		if err := fn(rows[i:min(i+chunk, len(rows))], warnings); err != nil {
			return err
		}
		warnings = nil
	}
	return nil
}

// rowConverter turns listing rows into documents to import: the issuer
// matched to a unit, the catalogue item by name, a body file read.
type rowConverter struct {
	dir, base string
	units     []org.Unit
	itemID    map[string]int64
	unmatched []string
	warnings  []string
	seen      map[string]bool
}

func newRowConverter(ctx context.Context, st *store.Store, listing string) (*rowConverter, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	items, err := st.CatalogItems(ctx)
	if err != nil {
		return nil, err
	}
	c := &rowConverter{dir: filepath.Dir(listing), base: filepath.Base(listing), units: units, itemID: map[string]int64{}, unmatched: []string{}, warnings: []string{}, seen: map[string]bool{}}
	for _, it := range items {
		c.itemID[it.Name] = it.ID
	}
	return c, nil
}

// warn keeps warnings once each (the first pass reports them).
func (c *rowConverter) warn(ws []string) {
	for _, w := range ws {
		if !c.seen["w:"+w] {
			c.seen["w:"+w] = true
			c.warnings = append(c.warnings, w)
		}
	}
}

func (c *rowConverter) convert(rows []disclosure.ImportRow) ([]store.ImportedDocument, error) {
	docs := make([]store.ImportedDocument, 0, len(rows))
	for _, r := range rows {
		in := store.DocumentInput{Title: r.Title, DocNo: r.DocNo, WrittenOn: r.WrittenOn, Topic: r.Topic, Genre: r.Genre, Tags: r.Tags, Attribute: disclosure.AttrProactive, Issuer: r.Issuer}
		if r.Issuer != "" {
			res := org.Resolve(r.Issuer, c.units)
			if res.How == org.ResolvedExact && len(res.Units) == 1 {
				in.UnitID, in.Issuer = res.Units[0].ID, ""
			} else if !c.seen["i:"+r.Issuer] {
				c.seen["i:"+r.Issuer] = true
				c.unmatched = append(c.unmatched, r.Issuer)
			}
		}
		if r.Catalog != "" {
			if id, ok := c.itemID[r.Catalog]; ok {
				in.CatalogItemID = id
			} else {
				c.warn([]string{fmt.Sprintf("第 %d 行：目录“%s”不在公开目录中，未归入目录", r.Row, r.Catalog)})
			}
		}
		body, err := importBody(c.dir, r.Body)
		if err != nil {
			return nil, gongkai.Wrap(gongkai.ErrorCode(err), fmt.Sprintf("%s 第 %d 行（正文）：%s", c.base, r.Row, gongkai.ErrorMessage(err)), err)
		}
		in.BodyHTML, in.BodyText = bodyOf(body)
		docs = append(docs, store.ImportedDocument{Row: r.Row, Input: in, PublishedOn: r.PublishedOn, Validity: r.Validity})
	}
	return docs, nil
}

// progress shows how far an import is on a terminal: count, rate and time
// left, on one line rewritten in place. Elsewhere it shows nothing.
type progress struct {
	w          io.Writer
	total, n   int
	start      time.Time
	last       time.Time
	terminal   bool
	printedAny bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progress) add(n int) {
	p.n += n
	if !p.terminal || (time.Since(p.last) < 200*time.Millisecond && p.n < p.total) {
		return
	}
	p.last = time.Now()
	el := time.Since(p.start).Seconds()
	rate := float64(p.n) / max(el, 0.001)
	left := time.Duration(float64(p.total-p.n)/max(rate, 0.001)) * time.Second
	fmt.Fprintf(p.w, "\r已导入 %d / %d 件（%.0f%%），%.0f 件/秒，剩余约 %s   ", p.n, p.total, 100*float64(p.n)/float64(p.total), rate, left.Round(time.Second))
	p.printedAny = true
}

func (p *progress) done() {
	if p.terminal && p.printedAny {
		fmt.Fprintln(p.w)
	}
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
// hold 500,000 characters. A .csv is streamed a chunk at a time, so its
// size is not limited: 1,000,000 rows, and per chunk of rows 3,000,000
// cells and 128 MB of text. Other formats keep the default cell limits.
func listingLimits(stream bool) office.Limits {
	l := office.DefaultLimits()
	l.CellText = 500_000
	l.LineSize = 2 << 20
	if stream {
		l.FileSize = -1
		l.Rows = 1_000_000
		l.Cells = 3_000_000
		l.TextSize = 128 << 20
	}
	return l
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
