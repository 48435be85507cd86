package plan

import (
	"os"
	"strings"
	"testing"

	"gongkai/internal/org"
)

// demoUnits is a small organisation like the demo's.
func demoUnits() []org.Unit {
	specs := []struct {
		name string
		kind org.Kind
		tags []string
	}{
		{"办公室", org.KindOffice, nil}, {"基础教育科", org.KindDepartment, nil}, {"职教科", org.KindDepartment, nil},
		{"政策研究室", org.KindDepartment, nil}, {"宣传信息中心", org.KindCenter, nil},
		{"兖州区实验小学", org.KindSchool, []string{"区直", "小学"}}, {"兖州区第一中学", org.KindSchool, []string{"区直", "高中"}},
		{"兖州区职业中等专业学校", org.KindVocational, []string{"区直"}},
	}
	var out []org.Unit
	for i, s := range specs {
		out = append(out, org.Unit{ID: int64(i + 1), Name: s.name, Kind: s.kind, Tags: s.tags, Active: true})
	}
	return out
}

func TestParseSeed(t *testing.T) {
	data, err := os.ReadFile("../../testdata/notice-2023-yanzhou-education.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("notice-2023-yanzhou-education.txt", data, 2023, demoUnits())
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Rows); got != 22 {
		t.Fatalf("rows: got %d; want 22", got)
	}
	if len(p.Unresolved) != 0 {
		t.Errorf("unresolved: got %v; want none", p.Unresolved)
	}
	for i, r := range p.Rows {
		if r.Seq != i+1 {
			t.Errorf("row %d seq: got %d; want %d", i, r.Seq, i+1)
		}
		if r.Deadline.Kind != DeadlineDate {
			t.Errorf("seq %d deadline: got %v; want a date", r.Seq, r.Deadline)
		}
		if r.Category == "" || r.Subcategory == "" || r.Requirement == "" || len(r.UnitNames) == 0 {
			t.Errorf("seq %d incomplete: %+v", r.Seq, r)
		}
	}
	tests := []struct {
		name      string
		got, want string
	}{
		{"1 units", strings.Join(p.Rows[0].UnitNames, "|"), "基础教育科|职教科"},
		{"1 deadline", p.Rows[0].Deadline.Value(), "2023-11-30"},
		{"1 deadline text", p.Rows[0].Deadline.Text, "11月底前"},
		{"3 units", strings.Join(p.Rows[2].UnitNames, "|"), "办公室|各普通中小学|中等职业学校"},
		{"3 resolved", strings.Join(p.Rows[2].Resolved, "|"), "办公室|兖州区实验小学|兖州区第一中学|兖州区职业中等专业学校"},
		{"8 units (filled)", strings.Join(p.Rows[7].UnitNames, "|"), "各有关科室"},
		{"8 category", p.Rows[7].Category, "推进政策发布解读回应提质增效"},
		{"8 subcategory", p.Rows[7].Subcategory, "持续深化政策集中统一公开"},
		{"11 units", strings.Join(p.Rows[10].UnitNames, "|"), "各有关科室|宣传信息中心"},
		{"22 units", strings.Join(p.Rows[21].UnitNames, "|"), "办公室|各有关科室"},
		{"22 deadline", p.Rows[21].Deadline.Value(), "2023-12-31"},
		{"22 requirement", p.Rows[21].Requirement, "持续深化完善依申请公开转主动公开常态化审查机制。"},
		{"title", p.Title, "2023年济宁市兖州区教育和体育局政务公开重点工作任务分解表"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q; want %q", tc.name, tc.got, tc.want)
		}
	}
	if !p.Rows[5].Designate {
		t.Errorf("seq 6 designate: got false; want true")
	}
	if got := p.Assignments(); got < 22 {
		t.Errorf("assignments: got %d; want at least 22", got)
	}
}

func TestParseOtherLayouts(t *testing.T) {
	for _, name := range []string{"layout-b.txt", "layout-b.tsv", "layout-b.csv", "layout-b.xlsx", "layout-b.docx"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("../../testdata/plan/" + name)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(name, data, 2023, demoUnits())
			if err != nil {
				t.Fatal(err)
			}
			if got := len(p.Rows); got != 5 {
				t.Fatalf("rows: got %d; want 5", got)
			}
			r := p.Rows
			tests := []struct {
				name      string
				got, want string
			}{
				{"1 units", strings.Join(r[0].UnitNames, "|"), "办公室|政策研究室"},
				{"1 deadline", r[0].Deadline.Value(), "2023-12-31"},
				{"1 deadline text", r[0].Deadline.Text, "年底前"},
				{"1 category", r[0].Category, "加强政策解读"},
				{"1 subcategory", r[0].Subcategory, "严格解读程序"},
				{"1 extra", r[0].Extra["备注"], "重点"},
				{"2 deadline", r[1].Deadline.Value(), "continuous"},
				{"2 units", strings.Join(r[1].UnitNames, "|"), "宣传信息中心|各有关科室"},
				{"2 category (merged)", r[1].Category, "加强政策解读"},
				{"2 subcategory (merged)", r[1].Subcategory, "严格解读程序"},
				{"3 deadline", r[2].Deadline.Value(), "2023-09-15"},
				{"3 units", strings.Join(r[2].UnitNames, "|"), "基础教育科|各学校"},
				{"3 resolved", strings.Join(r[2].Resolved, "|"), "基础教育科|兖州区实验小学|兖州区第一中学|兖州区职业中等专业学校"},
				{"4 deadline", r[3].Deadline.Value(), "recurring:quarterly"},
				{"4 units (merged)", strings.Join(r[3].UnitNames, "|"), "基础教育科|各学校"},
				{"4 subcategory", r[3].Subcategory, "义务教育领域"},
				{"5 deadline", r[4].Deadline.Value(), "2023-09-30"},
				{"5 category", r[4].Category, "推进基层政务公开"},
				{"5 subcategory", r[4].Subcategory, "民办教育"},
				{"5 unresolved", strings.Join(r[4].Unresolved, "|"), "等有关处室（单位）"},
				{"unresolved", strings.Join(p.Unresolved, "|"), "等有关处室（单位）"},
			}
			for _, tc := range tests {
				if tc.got != tc.want {
					t.Errorf("%s: got %q; want %q", tc.name, tc.got, tc.want)
				}
			}
			if !r[1].Designate {
				t.Errorf("2 designate: got false; want true")
			}
		})
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"no header", "x.csv", "甲,乙\n1,2\n", "x.csv"},
		{"empty requirement", "t.csv", "序号,工作任务,具体要求,责任单位,完成时限\n1,任务甲,,办公室,11月底前\n", "第2行"},
		{"impossible date", "t.csv", "序号,工作任务,具体要求,责任单位,完成时限\n1,任务甲,要求,办公室,2月30日前\n", "第2行 第5列"},
		{"bad month", "t.tsv", "序号\t具体要求\t完成时限\n1\t要求\t13月底前\n", "月份 13"},
		{"empty xlsx", "t.xlsx", "", "t.xlsx"},
		{"corrupt docx", "t.docx", "PK\x03\x04garbage", "t.docx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, []byte(tc.data), 2023, demoUnits())
			if err == nil {
				t.Fatalf("got no error; want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error: got %q; want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestJoinUnresolved(t *testing.T) {
	units := demoUnits()
	tests := []struct{ cell, want string }{
		{"各市、县（市、区）教育局", "各市、县（市、区）教育局"},
		{"基础教育科、职教科", "基础教育科|职教科"},
		{"办公室、各市、县（市、区）教育局；等有关处室（单位）", "办公室|各市、县（市、区）教育局|等有关处室（单位）"},
		{"甲单位\n乙单位", "甲单位|乙单位"},
	}
	for _, tc := range tests {
		got := strings.Join(joinUnresolved(tc.cell, org.SplitNames(tc.cell), units), "|")
		if got != tc.want {
			t.Errorf("joinUnresolved(%q): got %q; want %q", tc.cell, got, tc.want)
		}
	}
}
