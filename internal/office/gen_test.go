package office

import (
	"os"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestGenerateTestdata rewrites the committed fixtures under testdata/.
// Run with OFFICE_UPDATE_TESTDATA=1.
func TestGenerateTestdata(t *testing.T) {
	if os.Getenv("OFFICE_UPDATE_TESTDATA") == "" {
		t.Skip("set OFFICE_UPDATE_TESTDATA=1 to regenerate testdata")
	}
	tsv := "2023年政务公开重点工作任务表\n" +
		"完成时限\t责任单位\t具体要求\t序号\t备注\n" +
		"6月底前\t办公室\t\"更新政务公开目录，\n做到应公开尽公开\"\t1\t重点\n" +
		"\t基础教育科\t公开招生政策\t2\t\n"
	if err := os.WriteFile("testdata/tasks-reordered.tsv", []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	csvText := "序号,重点任务,具体措施,牵头单位,完成时间\r\n1,政策解读,\"开展政策解读，\"\"双减\"\"政策宣传\",办公室,3月底前\r\n2,,回应关切,宣传信息中心,12月底前\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(csvText))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/tasks-gb18030.csv", gb, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/tasks-merged.docx", mergedDocx(t), 0o644); err != nil {
		t.Fatal(err)
	}
}
