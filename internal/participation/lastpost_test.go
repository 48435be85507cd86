package participation

import (
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestParseLastPostsFile(t *testing.T) {
	data, err := os.ReadFile("../../testdata/participation/last-posts.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseLastPosts("last-posts.csv", data)
	if err != nil {
		t.Fatalf("ParseLastPosts: %v", err)
	}
	if len(rows) != 2 || rows[1].AccountID != "yzjtfb" || rows[1].Date.String() != "2023-10-20" {
		t.Errorf("rows = %+v; want 2 rows, the second yzjtfb on 2023-10-20", rows)
	}
}

func TestParseLastPosts(t *testing.T) {
	csv := "平台,账号ID,账号名称,最近发布日期\n微信公众号,gh_1,兖州教体,2023/11/1\n抖音,dy_2,兖州教体发布,2023年10月20日\n"
	rows, err := ParseLastPosts("posts.csv", []byte(csv))
	if err != nil {
		t.Fatalf("ParseLastPosts: %v", err)
	}
	if len(rows) != 2 || rows[0].AccountID != "gh_1" || rows[0].Date.String() != "2023-11-01" || rows[1].Date.String() != "2023-10-20" {
		t.Errorf("rows = %+v; want gh_1 2023-11-01 and dy_2 2023-10-20", rows)
	}
	_, err = ParseLastPosts("posts.csv", []byte("账号ID,最近发布日期\ngh_1,昨天\n"))
	if err == nil || !strings.Contains(err.Error(), "第 2 行") {
		t.Errorf("bad date error = %v; want it to name row 2", err)
	}
}

func FuzzParseLastPosts(f *testing.F) {
	f.Add([]byte("账号ID,最近发布日期\ngh_1,2023-11-01\n"))
	f.Add([]byte("平台,名称,发布日期\n微博,x,2023年1月2日\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseLastPosts("f.csv", data)
		if err == nil {
			for _, r := range rows {
				if !r.Date.IsValid() {
					t.Errorf("accepted an invalid date in %+v", r)
				}
			}
		}
	})
}

func TestParseLastPostsXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{{"平台", "账号ID", "最近发布日期"}, {"微博", "yzjt_wb", "2023-11-02"}, {"抖音", "yzjtfb", "2023.10.20"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseLastPosts("posts.xlsx", buf.Bytes())
	if err != nil {
		t.Fatalf("ParseLastPosts(xlsx): %v", err)
	}
	if len(got) != 2 || got[0].AccountID != "yzjt_wb" || got[0].Date.String() != "2023-11-02" || got[1].Date.String() != "2023-10-20" {
		t.Errorf("rows = %+v; want yzjt_wb 2023-11-02 and yzjtfb 2023-10-20", got)
	}
}
