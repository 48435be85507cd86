package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/office/bombs"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// Hostile and bad office files uploaded in the console are refused with a
// 4xx and the reader's Chinese message, never a 500, and nothing is saved.
func TestConsoleRefusesHostileOfficeFiles(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	unit := env.Client() // a unit's liaison drafts documents for the unit
	env.Login(t, unit, "jijiaoke")
	gen := func(parts []bombs.Part) []byte {
		b, err := bombs.Bytes(parts)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sheetBomb := gen(bombs.SheetBomb(1_000_000_000))
	docxBomb := gen(bombs.DocxBomb(2 << 30))
	post := func(c *http.Client, path string, fields map[string]string, field, name string, data []byte) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", env.URL+path, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, html.UnescapeString(string(b))
	}
	ctx := context.Background()
	items, _ := env.Store.CatalogItems(ctx)
	_, docs, _ := env.Store.Documents(ctx, store.DocFilter{})
	doc := map[string]string{"title": "关于做好暑期防溺水工作的通知", "written_on": "2026-06-01", "genre": "通知公告", "topic": "校园安全", "attribute": "主动公开"}
	tests := []struct {
		name, path string
		fields     map[string]string
		field      string
		file       string
		data       []byte
		status     int
		want       string
	}{
		{"catalogue, not an xlsx", "/admin/docs/catalog/import", nil, "file", "目录.xlsx", []byte("PK\x03\x04garbage"), http.StatusBadRequest, "目录.xlsx：文件不是有效的 .xlsx 文件"},
		{"catalogue, no header", "/admin/docs/catalog/import", nil, "file", "目录.csv", []byte("甲,乙\n1,2\n"), http.StatusBadRequest, "目录.csv"},
		{"catalogue, zip bomb", "/admin/docs/catalog/import", nil, "file", "目录.xlsx", sheetBomb, http.StatusRequestEntityTooLarge, "目录.xlsx：文件中的工作表数据（xl/worksheets/sheet1.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{"document body, zip bomb", "/admin/docs/", doc, "body_docx", "正文.docx", docxBomb, http.StatusRequestEntityTooLarge, "正文文件“正文.docx”无法读取：文件中的文档正文（word/document.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{"task table, formulas", "/admin/plan/import", map[string]string{"year": "2031"}, "file", "分解表.xlsx", gen(bombs.FormulaBomb(10_000)), http.StatusBadRequest, "分解表.xlsx 工作表“Sheet1”：含公式的单元格超过 10000 个上限"},
		{"task table, zip bomb", "/admin/plan/import", map[string]string{"year": "2031"}, "file", "分解表.xlsx", sheetBomb, http.StatusRequestEntityTooLarge, "分解表.xlsx：文件中的工作表数据"},
		{"media posts, zip bomb", "/admin/participation/media/import", nil, "file", "账号.xlsx", sheetBomb, http.StatusRequestEntityTooLarge, "账号.xlsx：文件中的工作表数据"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := c
			if tt.field == "body_docx" {
				client = unit
			}
			st, page := post(client, tt.path, tt.fields, tt.field, tt.file, tt.data)
			if st != tt.status || !strings.Contains(page, tt.want) {
				i := strings.Index(page, "<main")
				t.Errorf("got %d %q; want %d with %q", st, truncate(page[max(i, 0):], 600), tt.status, tt.want)
			}
		})
	}
	if after, _ := env.Store.CatalogItems(ctx); len(after) != len(items) {
		t.Errorf("catalogue items: %d → %d after refused imports", len(items), len(after))
	}
	if _, after, _ := env.Store.Documents(ctx, store.DocFilter{}); after != docs {
		t.Errorf("documents: %d → %d after a refused body", docs, after)
	}
	if _, err := env.Store.PlanByYear(ctx, 2031); !store.IsNotFound(err) { // the demo has this and last year's
		t.Errorf("plan 2031 after refused imports: %v; want not found", err)
	}
}
