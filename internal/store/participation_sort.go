package store

import (
	"cmp"
	"slices"
)

func sortMonths(m []MonthCount) {
	slices.SortFunc(m, func(a, b MonthCount) int { return cmp.Compare(a.Month, b.Month) })
}

func sortNames(n []NameCount) {
	slices.SortFunc(n, func(a, b NameCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
}
