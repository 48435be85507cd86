package auth

// The unit scope of a user: a unit user (科室、学校联络员) sees and changes
// only its own unit's work; every other role is not limited to a unit
// (what it may do at all is its permissions' business). A unit user not
// bound to a unit sees nothing. This is the one place of that rule.

// ScopeNone is the unit filter that matches no unit (a unit user not bound
// to a unit).
const ScopeNone int64 = -1

// UnitScope returns the unit u is limited to: all is true when u is not
// limited to one unit; otherwise unitID is u's unit, or ScopeNone when a
// unit user is not bound to any.
func (u User) UnitScope() (unitID int64, all bool) {
	if u.Role != RoleUnit {
		return 0, true
	}
	if u.UnitID == 0 {
		return ScopeNone, false
	}
	return u.UnitID, false
}

// SeesUnit reports whether u may see the work of unit unitID.
func (u User) SeesUnit(unitID int64) bool {
	id, all := u.UnitScope()
	return all || (id > 0 && id == unitID)
}

// UnitFilter is u's scope as the store's list filters take it: 0 for every
// unit, the unit's id, or ScopeNone (matches nothing).
func (u User) UnitFilter() int64 {
	id, all := u.UnitScope()
	if all {
		return 0
	}
	return id
}

// AsUser returns the user an actor stands for (role and unit; no name),
// so the store can apply the rules written for users to the actor of a
// change. The system and the command line have no role.
func (a Actor) AsUser() User {
	return User{ID: a.UserID, Login: a.Login, Role: a.Role, UnitID: a.UnitID, Active: true}
}
