package plan

import (
	"time"

	"gongkai/internal/workday"
)

// Liaison is a unit's designated disclosure liaison for a span of time.
type Liaison struct {
	ID        int64
	UnitID    int64
	UnitName  string
	Name      string
	Phone     string
	StartedOn workday.Date
	EndedOn   workday.Date // zero while current
}

// Turnover counts the changes of liaison of each unit within a year (the
// notice asks units to keep turnover low): a change is a liaison who
// started in the year after a predecessor.
func Turnover(history []Liaison, year int) map[int64]int {
	first := map[int64]bool{}
	out := map[int64]int{}
	// history is ordered by unit, then start date.
	for _, l := range history {
		if !first[l.UnitID] {
			first[l.UnitID] = true
			continue
		}
		if l.StartedOn.Year == year {
			out[l.UnitID]++
		}
	}
	return out
}

// Training is a 培训 with its attendance by unit.
type Training struct {
	ID        int64
	HeldOn    workday.Date
	Topic     string
	Organiser string
	Attendees map[int64]int // unit → people
	Units     int
	People    int
	Created   time.Time
}

// TrainingCheck says whether a year had at least one training (the notice
// asks for not fewer than one a year) and how many.
func TrainingCheck(ts []Training, year int) (count int, ok bool) {
	for _, t := range ts {
		if t.HeldOn.Year == year {
			count++
		}
	}
	return count, count >= 1
}

// Ticket is a school's request for help with a difficult question.
type Ticket struct {
	ID         int64
	UnitID     int64
	UnitName   string
	Title      string
	Body       string
	Status     string // open, answered
	Answer     string
	AskedBy    string
	AnsweredBy string
	Created    time.Time
	AnsweredAt time.Time
}
