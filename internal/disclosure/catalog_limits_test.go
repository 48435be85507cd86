package disclosure

import (
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/office/bombs"
)

// A bad catalogue file is an application error (400, or 413 for a zip
// bomb) with its Chinese message, never an internal one (500).
func TestParseCatalogFileErrors(t *testing.T) {
	bomb, err := bombs.Bytes(bombs.SheetBomb(1_000_000_000))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		data       []byte
		code, want string
	}{
		{"zip bomb", "目录.xlsx", bomb, gongkai.ETOOLARGE, "目录.xlsx：文件中的工作表数据（xl/worksheets/sheet1.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{"corrupt", "目录.xlsx", []byte("PK\x03\x04garbage"), gongkai.EINVALID, "目录.xlsx：文件不是有效的 .xlsx 文件"},
		{"no header", "目录.csv", []byte("甲,乙\n1,2\n"), gongkai.EINVALID, "目录.csv"},
		{"wrong type", "目录.pdf", []byte("%PDF"), gongkai.EINVALID, "不支持的文件类型"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseCatalogFile(tt.file, tt.data)
			if err == nil {
				t.Fatal("got nil error")
			}
			if got := gongkai.ErrorCode(err); got != tt.code {
				t.Errorf("code: got %q; want %q (%v)", got, tt.code, err)
			}
			if msg := gongkai.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message: got %q; want it to contain %q", msg, tt.want)
			}
		})
	}
}
