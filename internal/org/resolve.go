package org

import (
	"sort"
	"strings"
)

// How a responsible-unit name was understood.
type Resolution string

const (
	ResolvedExact     Resolution = "exact"      // the name of one unit
	ResolvedGroup     Resolution = "group"      // a group name such as 各普通中小学
	ResolvedDesignate Resolution = "designate"  // 各有关科室: the office must designate units
	Unresolved        Resolution = "unresolved" // names no unit here; kept as written
)

// Resolved is the result for one name.
type Resolved struct {
	Name  string // as written
	How   Resolution
	Units []Unit // empty unless exact or group
}

// group is a rule for a group name: the kinds it covers, optionally only
// the units with a tag.
type group struct {
	kinds []Kind
	tag   string
}

// groups maps normalised group names (as notices write them) to rules.
var groups = map[string]group{
	"各科室":        {kinds: []Kind{KindOffice, KindDepartment}},
	"机关各科室":      {kinds: []Kind{KindOffice, KindDepartment}},
	"局机关各科室":     {kinds: []Kind{KindOffice, KindDepartment}},
	"各科室单位":      {kinds: []Kind{KindOffice, KindDepartment, KindCenter}},
	"各直属单位":      {kinds: []Kind{KindCenter}},
	"各中心":        {kinds: []Kind{KindCenter}},
	"各学校":        {kinds: []Kind{KindSchool, KindVocational}},
	"各中小学":       {kinds: []Kind{KindSchool}},
	"各普通中小学":     {kinds: []Kind{KindSchool}},
	"普通中小学":      {kinds: []Kind{KindSchool}},
	"中等职业学校":     {kinds: []Kind{KindVocational}},
	"各中等职业学校":    {kinds: []Kind{KindVocational}},
	"职业学校":       {kinds: []Kind{KindVocational}},
	"各职业学校":      {kinds: []Kind{KindVocational}},
	"各镇街教委":      {kinds: []Kind{KindTown}},
	"各镇教委":       {kinds: []Kind{KindTown}},
	"镇街教委":       {kinds: []Kind{KindTown}},
	"区直各学校":      {kinds: []Kind{KindSchool, KindVocational}, tag: "区直"},
	"区直各学校单位幼儿园": {kinds: []Kind{KindSchool, KindVocational, KindKinder, KindCenter}, tag: "区直"},
	"区直学校":       {kinds: []Kind{KindSchool, KindVocational}, tag: "区直"},
	"各幼儿园":       {kinds: []Kind{KindKinder}},
	"幼儿园":        {kinds: []Kind{KindKinder}},
	"各单位":        {kinds: []Kind{KindOffice, KindDepartment, KindCenter, KindSchool, KindVocational, KindKinder, KindTown}},
	"各小学":        {kinds: []Kind{KindSchool}, tag: "小学"},
	"各初中":        {kinds: []Kind{KindSchool}, tag: "初中"},
	"各高中":        {kinds: []Kind{KindSchool}, tag: "高中"},
}

// designate are the names that ask the office to pick the units.
var designate = map[string]bool{
	"各有关科室": true, "有关科室": true, "相关科室": true, "各相关科室": true,
	"各有关单位": true, "有关单位": true, "相关单位": true, "各相关单位": true,
	"各有关科室单位": true,
}

// Normalize folds the ways a unit name is written: spaces, full-width and
// half-width brackets (so 各镇（街）教委 and 各镇(街)教委 are the same).
func Normalize(s string) string {
	return normalizer.Replace(strings.TrimSpace(s))
}

var normalizer = strings.NewReplacer(" ", "", "\u3000", "", "\t", "", "\n", "", "\r", "",
	"（", "", "）", "", "(", "", ")", "", "【", "", "】", "", "、", "", "，", "", ",", "")

// Resolve understands one responsible-unit name against the active units.
func Resolve(name string, units []Unit) Resolved {
	out := Resolved{Name: strings.TrimSpace(name), How: Unresolved}
	key := Normalize(name)
	if key == "" {
		return out
	}
	for _, u := range units {
		if u.Active && Normalize(u.Name) == key {
			out.How, out.Units = ResolvedExact, []Unit{u}
			return out
		}
	}
	if designate[key] {
		out.How = ResolvedDesignate
		return out
	}
	g, ok := groups[key]
	if !ok && strings.HasPrefix(key, "各") {
		// 各<tag>: any units carrying that tag, e.g. 各城区学校.
		tag := strings.TrimPrefix(key, "各")
		var hit []Unit
		for _, u := range units {
			if u.Active && u.HasTag(tag) {
				hit = append(hit, u)
			}
		}
		if len(hit) > 0 {
			out.How, out.Units = ResolvedGroup, hit
			return out
		}
	}
	if !ok {
		return out
	}
	kinds := map[Kind]bool{}
	for _, k := range g.kinds {
		kinds[k] = true
	}
	for _, u := range units {
		if u.Active && kinds[u.Kind] && (g.tag == "" || u.HasTag(g.tag)) {
			out.Units = append(out.Units, u)
		}
	}
	out.How = ResolvedGroup
	if len(out.Units) == 0 {
		out.How = Unresolved
	}
	return out
}

// SplitNames splits a responsible-units cell on line breaks and 、，,；;
// — but not inside brackets, so 各镇（街）教委 and 区直各学校（单位、幼儿园）
// stay whole.
func SplitNames(cell string) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for _, r := range cell {
		switch r {
		case '（', '(', '【', '[':
			depth++
		case '）', ')', '】', ']':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && strings.ContainsRune("\n\r、，,；;", r) {
			flush()
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

// Report is the outcome of resolving all the names of a cell or a table.
type Report struct {
	Units      []Unit     // distinct units, in order of first appearance
	Designate  bool       // some name asks the office to designate units
	Unresolved []string   // names kept as written
	Items      []Resolved // one per name
}

// ResolveAll resolves every name and merges the units, without duplicates.
func ResolveAll(names []string, units []Unit) Report {
	var rep Report
	seen := map[int64]bool{}
	for _, n := range names {
		r := Resolve(n, units)
		rep.Items = append(rep.Items, r)
		switch r.How {
		case ResolvedDesignate:
			rep.Designate = true
		case Unresolved:
			rep.Unresolved = append(rep.Unresolved, r.Name)
		}
		for _, u := range r.Units {
			if !seen[u.ID] {
				seen[u.ID] = true
				rep.Units = append(rep.Units, u)
			}
		}
	}
	return rep
}

// GroupNames lists the group names Resolve knows, for the help page.
func GroupNames() []string {
	out := make([]string, 0, len(groups)+len(designate))
	for k := range groups {
		out = append(out, k)
	}
	for k := range designate {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
