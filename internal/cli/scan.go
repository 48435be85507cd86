package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
)

type scanFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Value     string `json:"value"` // masked
	Message   string `json:"message"`
	Blocking  bool   `json:"blocking"`  // graded 必须修改 (publication gate's grade)
	Dismissed bool   `json:"dismissed"` // a published document's finding dismissed with a written reason
}

// mustFix reports whether f stops a publishing script.
func (f scanFinding) mustFix() bool { return f.Blocking && !f.Dismissed }

// runScan checks files (text, HTML, .docx) or every published document for
// personal data, sensitive words, document numbers and date forms, and
// prints each finding with file, line, kind and grade, the value masked.
// Like a linter it exits 1 when a finding must be fixed (graded 必须修改,
// the publication gate's grade, and not dismissed), 2 on a wrong command
// line, 0 otherwise (hints only), so it can guard a publishing script.
func runScan(ctx context.Context, env Env, args []string) error {
	fs := flags("scan")
	asJSON := fs.Bool("json", false, "输出 JSON")
	published := fs.Bool("published", false, "扫描所有已发布的文件")
	db := fs.String("db", "", "数据库（读取敏感词表；--published 时必需）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 && !*published {
		return usagef("用法：gongkai scan 文件… [--published] [--json]（文件可为 .txt .html .docx；发现必须修改的问题时退出状态为 1）")
	}
	var st *store.Store
	var words []string
	if *published || *db != "" || env.Getenv("GONGKAI_DB") != "" || fileExists(store.DefaultPath) {
		if st, err = openReady(ctx, env, *db); err != nil {
			return err
		}
		defer st.Close()
		if words, err = st.SensitiveWords(ctx); err != nil {
			return err
		}
	}
	findings := []scanFinding{}
	add := func(file string, fs []disclosure.Finding) {
		for _, f := range fs {
			findings = append(findings, scanFinding{File: file, Line: f.Line, Kind: f.Kind, Label: f.Label, Value: f.Masked, Message: f.Message,
				Blocking: f.Blocking, Dismissed: f.Dismissed})
		}
	}
	scanned := 0
	for _, name := range pos {
		data, err := readInput(name)
		if err != nil {
			return err
		}
		text, err := fileText(name, data)
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".html", ".htm":
			text = sanitize.StripTags(text)
		}
		add(name, disclosure.ScanTexts(disclosure.ItemDocument, 0, []disclosure.Text{{Source: "file", Field: "text", Text: text}}, words))
		scanned++
	}
	if *published {
		for offset := 0; ; offset += 500 {
			docs, _, err := st.Documents(ctx, store.DocFilter{Status: []disclosureStatus{"published"}, Limit: 500, Offset: offset})
			if err != nil {
				return err
			}
			for _, d := range docs {
				// As the gate sees it: every public text, dismissals applied.
				rep, err := st.DocumentFindings(ctx, d.ID)
				if err != nil {
					return err
				}
				add(fmt.Sprintf("文件%d《%s》", d.ID, d.Title), rep.Findings)
				scanned++
			}
			if len(docs) < 500 {
				break
			}
		}
	}
	must := 0
	for _, f := range findings {
		if f.mustFix() {
			must++
		}
	}
	if *asJSON {
		if err := json.NewEncoder(env.Stdout).Encode(map[string]any{"scanned": scanned, "must_fix": must, "findings": findings}); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			grade := "提示"
			switch {
			case f.Dismissed:
				grade = "已确认误报"
			case f.Blocking:
				grade = "必须修改"
			}
			fmt.Fprintf(env.Stdout, "%s:%d: [%s] %s %s —— %s\n", f.File, f.Line, grade, f.Label, f.Value, f.Message)
		}
		fmt.Fprintf(env.Stdout, "共检查 %d 个文件，发现 %d 处问题，其中必须修改 %d 处\n", scanned, len(findings), must)
	}
	if must > 0 {
		return gongkai.Errorf(gongkai.EINVALID, "发现 %d 处必须修改的问题（个人信息或敏感词），修改后再发布", must)
	}
	return nil
}

type disclosureStatus = disclosure.Status
