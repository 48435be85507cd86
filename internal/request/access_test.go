package request

import (
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/auth"
)

func TestMayRecord(t *testing.T) {
	for _, role := range auth.Roles {
		for ty := range eventLabels {
			err := MayRecord(role, ty)
			want := role == auth.RoleOffice && ty != EvExtended || role == auth.RoleLeader && ty == EvExtended
			if (err == nil) != want {
				t.Errorf("MayRecord(%s, %s) = %v; want allowed %v", role, ty, err, want)
			}
			if err != nil && gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
				t.Errorf("MayRecord(%s, %s): code %s; want forbidden", role, ty, gongkai.ErrorCode(err))
			}
		}
	}
	if err := MayRecord(auth.RoleOffice, EvExtended); err == nil || !strings.Contains(gongkai.ErrorMessage(err), "负责人") {
		t.Errorf("office extension: %v; want a message naming 负责人", err)
	}
}

func TestCanSeeAndHandle(t *testing.T) {
	routed := Record{UnitID: 7}
	tests := []struct {
		u           auth.User
		see, handle bool
	}{
		{auth.User{Role: auth.RoleOffice}, true, true},
		{auth.User{Role: auth.RoleLeader}, true, false},
		{auth.User{Role: auth.RoleUnit, UnitID: 7}, true, true},
		{auth.User{Role: auth.RoleUnit, UnitID: 8}, false, false},
		{auth.User{Role: auth.RoleUnit}, false, false},
		{auth.User{Role: auth.RoleReviewer}, false, false},
		{auth.User{Role: auth.RoleAdmin}, false, false},
	}
	for _, tt := range tests {
		if got := CanSee(tt.u, routed); got != tt.see {
			t.Errorf("CanSee(%s/%d) = %v; want %v", tt.u.Role, tt.u.UnitID, got, tt.see)
		}
		if got := CanSeePersonal(tt.u, routed); got != tt.see {
			t.Errorf("CanSeePersonal(%s/%d) = %v; want %v", tt.u.Role, tt.u.UnitID, got, tt.see)
		}
		if got := MayHandle(tt.u, routed); got != tt.handle {
			t.Errorf("MayHandle(%s/%d) = %v; want %v", tt.u.Role, tt.u.UnitID, got, tt.handle)
		}
	}
	if CanSee(auth.User{Role: auth.RoleUnit}, Record{}) {
		t.Error("a unit user without a unit sees a request routed to no unit")
	}
}
