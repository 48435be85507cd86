package disclosure

import (
	"testing"

	"gongkai"
	"gongkai/internal/auth"
)

func TestMayMove(t *testing.T) {
	unit := auth.User{Role: auth.RoleUnit, UnitID: 7, UnitName: "基础教育科"}
	other := auth.User{Role: auth.RoleUnit, UnitID: 8}
	office := auth.User{Role: auth.RoleOffice}
	reviewer := auth.User{Role: auth.RoleReviewer}
	leader := auth.User{Role: auth.RoleLeader}
	doc := func(st Status) Document { return Document{UnitID: 7, Status: st} }
	tests := []struct {
		u    auth.User
		d    Document
		act  Action
		code string // "" allowed
	}{
		{unit, doc(StatusDraft), ActSubmit, ""},
		{office, doc(StatusDraft), ActSubmit, ""},
		{other, doc(StatusDraft), ActSubmit, gongkai.EFORBIDDEN},
		{reviewer, doc(StatusDraft), ActSubmit, gongkai.EFORBIDDEN},
		{reviewer, doc(StatusSubmitted), ActPass, ""},
		{reviewer, doc(StatusSubmitted), ActReturn, ""},
		{unit, doc(StatusSubmitted), ActPass, gongkai.EFORBIDDEN},
		{leader, doc(StatusSubmitted), ActReturn, gongkai.EFORBIDDEN}, // a return from review is the reviewer's
		{leader, doc(StatusReviewed), ActReturn, ""},
		{reviewer, doc(StatusReviewed), ActReturn, gongkai.EFORBIDDEN},
		{leader, doc(StatusReviewed), ActSign, ""},
		{office, doc(StatusReviewed), ActSign, gongkai.EFORBIDDEN},
		{leader, doc(StatusReviewed), "publish", gongkai.EINVALID},
	}
	for _, tt := range tests {
		if got := gongkai.ErrorCode(MayMove(tt.u, tt.d, tt.act)); got != tt.code {
			t.Errorf("MayMove(%s/%d, %s, %s) = %q; want %q", tt.u.Role, tt.u.UnitID, tt.d.Status, tt.act, got, tt.code)
		}
	}
}

func TestDraftUnit(t *testing.T) {
	tests := []struct {
		u     auth.User
		asked int64
		want  int64
		code  string
	}{
		{auth.User{Role: auth.RoleUnit, UnitID: 7}, 0, 7, ""},
		{auth.User{Role: auth.RoleUnit, UnitID: 7}, 7, 7, ""},
		{auth.User{Role: auth.RoleUnit, UnitID: 7}, 8, 0, gongkai.EFORBIDDEN},
		{auth.User{Role: auth.RoleUnit}, 0, 0, gongkai.EFORBIDDEN},
		{auth.User{Role: auth.RoleOffice}, 8, 8, ""},
		{auth.User{Role: auth.RoleOffice}, 0, 0, gongkai.EINVALID},
	}
	for _, tt := range tests {
		got, err := DraftUnit(tt.u, tt.asked)
		if got != tt.want || gongkai.ErrorCode(err) != tt.code {
			t.Errorf("DraftUnit(%s/%d, %d) = %d, %v; want %d, %q", tt.u.Role, tt.u.UnitID, tt.asked, got, err, tt.want, tt.code)
		}
	}
}
