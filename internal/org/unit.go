// Package org holds the organisation: units in a tree, their kinds and
// tags, and the resolution of the group names that notices use.
package org

import (
	"strings"

	"gongkai"
	"gongkai/internal/sanitize"
)

// Kind is what a unit is.
type Kind string

const (
	KindBureau     Kind = "bureau"            // 局机关
	KindOffice     Kind = "office"            // 办公室
	KindDepartment Kind = "department"        // 科室
	KindCenter     Kind = "center"            // 中心（事业单位）
	KindSchool     Kind = "school"            // 普通中小学
	KindVocational Kind = "vocational_school" // 中等职业学校
	KindKinder     Kind = "kindergarten"      // 幼儿园
	KindTown       Kind = "town_committee"    // 镇（街）教委
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindBureau, KindOffice, KindDepartment, KindCenter, KindSchool, KindVocational, KindKinder, KindTown}

var kindLabels = map[Kind]string{
	KindBureau:     "局机关",
	KindOffice:     "办公室",
	KindDepartment: "科室",
	KindCenter:     "直属中心",
	KindSchool:     "普通中小学",
	KindVocational: "中等职业学校",
	KindKinder:     "幼儿园",
	KindTown:       "镇（街）教委",
}

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Unit is one node of the organisation.
type Unit struct {
	ID       int64
	ParentID int64 // 0 for the root
	Name     string
	Code     string // short code used in index numbers (索引号)
	Kind     Kind
	Tags     []string
	Active   bool
	Sort     int
}

// HasTag reports whether u carries tag.
func (u Unit) HasTag(tag string) bool {
	for _, t := range u.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Validate checks a unit before it is saved.
func (u *Unit) Validate() error {
	u.Name = strings.TrimSpace(u.Name)
	u.Code = strings.TrimSpace(u.Code)
	if u.Name == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写单位名称")
	}
	if len([]rune(u.Name)) > 60 {
		return gongkai.Errorf(gongkai.EINVALID, "单位名称不能超过 60 个字")
	}
	if !u.Kind.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "请选择单位类型")
	}
	if err := sanitize.CheckNames("单位名称", u.Name, "单位代码", u.Code); err != nil {
		return err
	}
	u.Tags = NormalizeTags(u.Tags)
	for _, t := range u.Tags {
		if err := sanitize.CheckName("单位标签", t); err != nil {
			return err
		}
	}
	return nil
}

// NormalizeTags trims, drops empties and duplicates; splits on commas.
func NormalizeTags(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range in {
		for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
			p = strings.TrimSpace(p)
			if p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// CheckMove refuses to make a unit its own ancestor.
func CheckMove(units []Unit, id, newParent int64) error {
	if id == newParent {
		return gongkai.Errorf(gongkai.EINVALID, "不能把单位设为自己的上级")
	}
	parent := map[int64]int64{}
	for _, u := range units {
		parent[u.ID] = u.ParentID
	}
	for p, n := newParent, 0; p != 0 && n < 1000; p, n = parent[p], n+1 {
		if p == id {
			return gongkai.Errorf(gongkai.EINVALID, "不能把单位移到它自己的下级单位之下")
		}
	}
	return nil
}

// Tree orders units depth-first under their parents and returns each with
// its depth, for display.
func Tree(units []Unit) []Node {
	children := map[int64][]Unit{}
	ids := map[int64]bool{}
	for _, u := range units {
		ids[u.ID] = true
	}
	for _, u := range units {
		p := u.ParentID
		if !ids[p] {
			p = 0
		}
		children[p] = append(children[p], u)
	}
	var out []Node
	var walk func(p int64, depth int)
	walk = func(p int64, depth int) {
		for _, u := range children[p] {
			out = append(out, Node{Unit: u, Depth: depth})
			if depth < 20 {
				walk(u.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	return out
}

// Node is a unit with its depth in the tree.
type Node struct {
	Unit
	Depth int
}
