package store

import (
	"context"

	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

// ClockChanges counts the due dates that a recomputation moved, per area.
type ClockChanges struct {
	Requests      int // reply deadlines of open applications
	Documents     int // 20-working-day publication limits of unpublished documents
	Participation int // message reply and consultation feedback deadlines
}

// Total is the number of due dates moved in every area.
func (c ClockChanges) Total() int { return c.Requests + c.Documents + c.Participation }

// RecomputeClocks recomputes every open working-day clock of every area on
// cal (nil: the live calendar, read afresh) after the holidays overlay
// changed, auditing each due date that moved (DESIGN §5). It is the one
// entry point: the console's holidays page, `gongkai calendar import` and
// anything else that changes the holidays call it.
func (s *Store) RecomputeClocks(ctx context.Context, cal *workday.Calendar, a auth.Actor) (ClockChanges, error) {
	var c ClockChanges
	if cal == nil {
		s.forgetCalendar()
		var err error
		if cal, err = s.Calendar(ctx); err != nil {
			return c, err
		}
	}
	var err error
	if c.Requests, err = s.recomputeRequestClocks(ctx, a, cal); err != nil {
		return c, err
	}
	if c.Documents, err = s.recomputeDocClocks(ctx, cal, a); err != nil {
		return c, err
	}
	c.Participation, err = s.recomputeParticipationClocks(ctx, cal, a)
	return c, err
}
