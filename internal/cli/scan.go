package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
)

type scanFinding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Kind    string `json:"kind"`
	Label   string `json:"label"`
	Value   string `json:"value"` // masked
	Message string `json:"message"`
}

// runScan checks files (text, HTML, .docx) or every published document for
// personal data, sensitive words, document numbers and date forms, and
// prints each finding with file, line and kind, the value masked.
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
		return usagef("用法：gongkai scan 文件… [--published] [--json]（文件可为 .txt .html .docx）")
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
	add := func(file, text string) {
		for _, f := range disclosure.ScanText(text, words) {
			findings = append(findings, scanFinding{File: file, Line: f.Line, Kind: string(f.Kind), Label: f.Label, Value: f.Masked, Message: f.Message})
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
		add(name, text)
		scanned++
	}
	if *published {
		for offset := 0; ; offset += 500 {
			docs, _, err := st.Documents(ctx, store.DocFilter{Status: []disclosureStatus{"published"}, Limit: 500, Offset: offset})
			if err != nil {
				return err
			}
			for _, d := range docs {
				add(fmt.Sprintf("文件%d《%s》", d.ID, d.Title), d.Title+"\n"+d.BodyText)
				scanned++
			}
			if len(docs) < 500 {
				break
			}
		}
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"scanned": scanned, "findings": findings})
	}
	for _, f := range findings {
		fmt.Fprintf(env.Stdout, "%s:%d: %s %s —— %s\n", f.File, f.Line, f.Label, f.Value, f.Message)
	}
	fmt.Fprintf(env.Stdout, "共检查 %d 个文件，发现 %d 处问题\n", scanned, len(findings))
	return nil
}

type disclosureStatus = disclosure.Status
