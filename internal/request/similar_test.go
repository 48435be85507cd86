package request

import "testing"

func TestSimilarTo(t *testing.T) {
	others := map[string]string{
		"A": "兖州区2023年小学招生划片范围是什么",
		"B": "2023年兖州区教育局部门预算",
		"C": "2023年兖州区小学招生划片范围",
	}
	codes, best := SimilarTo("2023年兖州区小学招生划片范围", others)
	if len(codes) != 2 || codes[0] != "C" || codes[1] != "A" || best != 1 {
		t.Errorf("SimilarTo = %v, %.2f; want [C A], 1.00", codes, best)
	}
	if codes, _ := SimilarTo("校车安全管理制度", others); len(codes) != 0 {
		t.Errorf("SimilarTo(unrelated) = %v; want none", codes)
	}
}
