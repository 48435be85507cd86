package plan

import (
	"encoding/json"
	"sort"

	"gongkai"
	"gongkai/internal/workday"
)

// Weights are the assessment rule's adjustable numbers. The default rule
// (documented on the assessment page):
//
//	score = OnTime × (assignments done on time ÷ assessed)
//	      + Done   × (assignments done ÷ assessed)
//	      − min(Overdue × open overdue assignments, OverdueCap)
//	      − min(Returned × times work was returned, ReturnedCap)
//	      − min(Finding × inspection findings, FindingCap)
//	      − min(RectLate × late rectification items, RectLateCap)
//
// clamped to 0–100. "Done" is reported (已报完成) or confirmed (已确认);
// "on time" is done no later than the deadline (continuous and recurring
// tasks count as on time when no period report is missing; work not yet
// due counts as on time once it is claimed, so the mid-year review rewards
// units that claimed and advanced their work, and pending work scores
// nothing). The mid-year and annual reviews use the same rule on the
// state at the date they are frozen.
type Weights struct {
	OnTime      int `json:"on_time"`
	Done        int `json:"done"`
	Overdue     int `json:"overdue"`
	OverdueCap  int `json:"overdue_cap"`
	Returned    int `json:"returned"`
	ReturnedCap int `json:"returned_cap"`
	Finding     int `json:"finding"`
	FindingCap  int `json:"finding_cap"`
	RectLate    int `json:"rect_late"`
	RectLateCap int `json:"rect_late_cap"`
}

// DefaultWeights is the default rule.
var DefaultWeights = Weights{OnTime: 60, Done: 40, Overdue: 2, OverdueCap: 20, Returned: 1, ReturnedCap: 10, Finding: 2, FindingCap: 10, RectLate: 3, RectLateCap: 10}

// Validate checks the weights.
func (w Weights) Validate() error {
	for _, v := range []int{w.OnTime, w.Done, w.Overdue, w.OverdueCap, w.Returned, w.ReturnedCap, w.Finding, w.FindingCap, w.RectLate, w.RectLateCap} {
		if v < 0 || v > 100 {
			return gongkai.Errorf(gongkai.EINVALID, "每个权重应在 0 到 100 之间")
		}
	}
	if w.OnTime+w.Done != 100 {
		return gongkai.Errorf(gongkai.EINVALID, "按时完成与完成两项权重之和应为 100，现为 %d", w.OnTime+w.Done)
	}
	return nil
}

// ParseWeights reads stored weights, falling back to the default.
func ParseWeights(s string) Weights {
	w := DefaultWeights
	if s != "" {
		if err := json.Unmarshal([]byte(s), &w); err != nil || w.Validate() != nil {
			return DefaultWeights
		}
	}
	return w
}

// Period of an assessment.
const (
	PeriodMidYear = "mid"    // 年中评估
	PeriodAnnual  = "annual" // 年度评估
)

// PeriodLabel is the Chinese name of an assessment period.
func PeriodLabel(p string) string {
	if p == PeriodMidYear {
		return "年中评估"
	}
	return "年度评估"
}

// Score is one unit's assessment.
type Score struct {
	UnitID   int64
	UnitName string
	Total    int // assessed assignments
	Done     int
	OnTime   int
	Overdue  int
	Returns  int
	Findings int
	RectLate int
	Score    int
	Rank     int
}

// ScoreUnits computes the scores and the ranking as of today for a
// period of year: lines are the ledger lines, findings and late
// rectification items counted per unit.
func ScoreUnits(lines []Line, findings, rectLate map[int64]int, w Weights, period string, year int, today workday.Date) []Score {
	by := map[int64]*Score{}
	var order []int64
	for _, l := range lines {
		a := l.Assignment
		s := by[a.UnitID]
		if s == nil {
			s = &Score{UnitID: a.UnitID, UnitName: a.UnitName}
			by[a.UnitID] = s
			order = append(order, a.UnitID)
		}
		s.Total++
		s.Returns += a.Returns
		done := a.Status == StatusReported || a.Status == StatusConfirmed
		if done {
			s.Done++
			if l.Overdue == 0 {
				s.OnTime++
			}
		} else if l.Overdue > 0 {
			s.Overdue++
		} else if a.Status != StatusPending {
			s.OnTime++ // claimed and not late (for continuous work: no period report missing)
		}
	}
	var out []Score
	for _, id := range order {
		s := by[id]
		s.Findings, s.RectLate = findings[id], rectLate[id]
		v := 0.0
		if s.Total > 0 {
			v = float64(w.OnTime)*float64(s.OnTime)/float64(s.Total) + float64(w.Done)*float64(s.Done)/float64(s.Total)
		}
		v -= float64(min(w.Overdue*s.Overdue, w.OverdueCap) + min(w.Returned*s.Returns, w.ReturnedCap) +
			min(w.Finding*s.Findings, w.FindingCap) + min(w.RectLate*s.RectLate, w.RectLateCap))
		s.Score = max(0, min(100, int(v+0.5)))
		out = append(out, *s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].UnitName < out[j].UnitName
	})
	ranked := false
	for _, s := range out {
		ranked = ranked || s.Score > 0
	}
	for i := range out {
		if !ranked { // every score 0: nothing to rank (Rank 0 reads —)
			break
		}
		out[i].Rank = i + 1
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}
