package auth

import "testing"

func TestUnitScope(t *testing.T) {
	tests := []struct {
		u      User
		filter int64
		sees7  bool
		sees0  bool
	}{
		{User{Role: RoleOffice}, 0, true, true},
		{User{Role: RoleLeader, UnitID: 3}, 0, true, true}, // a leader bound to a unit still sees every unit
		{User{Role: RoleUnit, UnitID: 7}, 7, true, false},
		{User{Role: RoleUnit, UnitID: 8}, 8, false, false},
		{User{Role: RoleUnit}, ScopeNone, false, false}, // not bound: sees nothing
	}
	for _, tt := range tests {
		if got := tt.u.UnitFilter(); got != tt.filter {
			t.Errorf("%s/%d UnitFilter = %d; want %d", tt.u.Role, tt.u.UnitID, got, tt.filter)
		}
		if got := tt.u.SeesUnit(7); got != tt.sees7 {
			t.Errorf("%s/%d SeesUnit(7) = %v; want %v", tt.u.Role, tt.u.UnitID, got, tt.sees7)
		}
		if got := tt.u.SeesUnit(0); got != tt.sees0 {
			t.Errorf("%s/%d SeesUnit(0) = %v; want %v", tt.u.Role, tt.u.UnitID, got, tt.sees0)
		}
	}
}
