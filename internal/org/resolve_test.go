package org

import (
	"reflect"
	"testing"
)

func demoUnits() []Unit {
	mk := func(id int64, name string, kind Kind, tags ...string) Unit {
		return Unit{ID: id, Name: name, Kind: kind, Tags: tags, Active: true}
	}
	return []Unit{
		mk(1, "办公室", KindOffice),
		mk(2, "基础教育科", KindDepartment),
		mk(3, "职教科", KindDepartment),
		mk(4, "宣传信息中心", KindCenter),
		mk(5, "兖州区实验小学", KindSchool, "区直", "小学"),
		mk(6, "漕河镇中心小学", KindSchool, "小学"),
		mk(7, "兖州区职业中等专业学校", KindVocational, "区直"),
		mk(8, "兖州区实验幼儿园", KindKinder, "区直"),
		mk(9, "漕河镇教委", KindTown),
		{ID: 10, Name: "已撤销科", Kind: KindDepartment, Active: false},
	}
}

func ids(us []Unit) []int64 {
	var out []int64
	for _, u := range us {
		out = append(out, u.ID)
	}
	return out
}

func TestResolve(t *testing.T) {
	units := demoUnits()
	tests := []struct {
		name string
		how  Resolution
		ids  []int64
	}{
		{"基础教育科", ResolvedExact, []int64{2}},
		{" 职教科 ", ResolvedExact, []int64{3}},
		{"各科室", ResolvedGroup, []int64{1, 2, 3}},
		{"各有关科室", ResolvedDesignate, nil},
		{"各学校", ResolvedGroup, []int64{5, 6, 7}},
		{"各普通中小学", ResolvedGroup, []int64{5, 6}},
		{"中等职业学校", ResolvedGroup, []int64{7}},
		{"各镇（街）教委", ResolvedGroup, []int64{9}},
		{"各镇(街)教委", ResolvedGroup, []int64{9}},
		{"区直各学校", ResolvedGroup, []int64{5, 7}},
		{"各幼儿园", ResolvedGroup, []int64{8}},
		{"各小学", ResolvedGroup, []int64{5, 6}},
		{"各区直", ResolvedGroup, []int64{5, 7, 8}}, // 各<tag>
		{"已撤销科", Unresolved, nil},                // inactive units are not assigned
		{"等有关处室（单位）", Unresolved, nil},
		{"各市、县（市、区）教育局", Unresolved, nil},
		{"", Unresolved, nil},
	}
	for _, tt := range tests {
		got := Resolve(tt.name, units)
		if got.How != tt.how || !reflect.DeepEqual(ids(got.Units), tt.ids) {
			t.Errorf("Resolve(%q) = %s %v; want %s %v", tt.name, got.How, ids(got.Units), tt.how, tt.ids)
		}
	}
}

func TestSplitNames(t *testing.T) {
	tests := []struct {
		cell string
		want []string
	}{
		{"基础教育科\n职教科", []string{"基础教育科", "职教科"}},
		{"办公室、各普通中小学；中等职业学校", []string{"办公室", "各普通中小学", "中等职业学校"}},
		{"各镇（街）教委，区直各学校（单位、幼儿园）", []string{"各镇（街）教委", "区直各学校（单位、幼儿园）"}},
		{"政策研究室;各有关科室,", []string{"政策研究室", "各有关科室"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		if got := SplitNames(tt.cell); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitNames(%q) = %q; want %q", tt.cell, got, tt.want)
		}
	}
}

func TestResolveAllReportsAndDeduplicates(t *testing.T) {
	rep := ResolveAll([]string{"办公室", "各科室", "各有关科室", "各市、县（市、区）教育局"}, demoUnits())
	if !reflect.DeepEqual(ids(rep.Units), []int64{1, 2, 3}) {
		t.Errorf("units = %v; want 1 2 3 once each", ids(rep.Units))
	}
	if !rep.Designate || !reflect.DeepEqual(rep.Unresolved, []string{"各市、县（市、区）教育局"}) {
		t.Errorf("designate %v unresolved %q", rep.Designate, rep.Unresolved)
	}
}

func TestCheckMoveAndTree(t *testing.T) {
	units := []Unit{{ID: 1, Name: "局"}, {ID: 2, ParentID: 1, Name: "科"}, {ID: 3, ParentID: 2, Name: "股"}}
	if err := CheckMove(units, 1, 3); err == nil {
		t.Error("moving the root under its grandchild was allowed")
	}
	if err := CheckMove(units, 3, 1); err != nil {
		t.Errorf("legal move refused: %v", err)
	}
	tree := Tree(units)
	if len(tree) != 3 || tree[2].Depth != 2 || tree[2].Name != "股" {
		t.Errorf("tree = %+v", tree)
	}
}
