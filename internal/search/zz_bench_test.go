package search

import (
	"strings"
	"testing"
)

func BenchmarkCut(b *testing.B) {
	unit := "为推动全区教育系统政务公开工作再上新台阶，根据市政府办公室《关于印发2023年济宁市政务公开工作任务分解表的通知》（济政办字〔2023〕41号）要求。加强民办教育学校和校外培训机构的监管，落实收费公示和公开承诺制度\n"
	var sb strings.Builder
	for sb.Len() < 20*1024 {
		sb.WriteString(unit)
	}
	text := sb.String()
	d := DefaultDict()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d.Words(text)
	}
}
