package web

import (
	"fmt"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// docsHomeCards tells each role what waits for it in proactive
// disclosure: reviews, sign-offs, returned documents and late clocks.
func docsHomeCards(r *http.Request, s *Server, u auth.User) []HomeCard {
	if !auth.Allowed(u.Role, auth.PermDocView) {
		return nil
	}
	ctx := r.Context()
	f := store.DocFilter{Status: []disclosure.Status{disclosure.StatusDraft, disclosure.StatusReturned, disclosure.StatusSubmitted, disclosure.StatusReviewed}, Limit: 500}
	f.UnitID = u.UnitFilter()
	docs, _, err := s.Store.Documents(ctx, f)
	if err != nil {
		return nil
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil
	}
	today := workday.DateOf(s.Now().In(Shanghai()))
	count := map[disclosure.Status]int{}
	late := 0
	for _, d := range docs {
		count[d.Status]++
		if c, err := disclosure.DocClock(cal, d, today); err == nil && c.Late {
			late++
		}
	}
	var lines []string
	switch u.Role {
	case auth.RoleReviewer:
		lines = append(lines, fmt.Sprintf("待保密审查 %d 件", count[disclosure.StatusSubmitted]))
	case auth.RoleLeader:
		lines = append(lines, fmt.Sprintf("待签发 %d 件", count[disclosure.StatusReviewed]))
	default:
		lines = append(lines, fmt.Sprintf("草稿 %d 件，已退回 %d 件，审核中 %d 件", count[disclosure.StatusDraft], count[disclosure.StatusReturned],
			count[disclosure.StatusSubmitted]+count[disclosure.StatusReviewed]))
	}
	if late > 0 {
		lines = append(lines, fmt.Sprintf("超过 20 个工作日公开时限 %d 件", late))
	}
	return []HomeCard{{Title: "主动公开", Lines: lines, Href: "/admin/docs/", Perm: auth.PermDocView}}
}
