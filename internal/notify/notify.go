// Package notify holds in-app notifications: reminders, warnings and
// digests that every area sends to a user, to everyone of a unit, or to
// everyone of a role. Each carries a key so that it is created once, even
// when several nodes or restarts run the same job; delivery over e-mail
// and group robots follows from the stored notification.
package notify

import (
	"time"

	"gongkai/internal/auth"
)

// Notification is one message in the console's inbox.
type Notification struct {
	ID      int64
	Key     string    // unique: e.g. "plan:assignment:42:due-3"; a second Notify with the same key does nothing
	UserID  int64     // to one user, or
	UnitID  int64     // to every user of a unit, or
	Role    auth.Role // to every user of a role
	Level   string    // "info", "warn" (due soon) or "alert" (overdue)
	Title   string
	Body    string
	Link    string // a console path
	Created time.Time
	Read    bool
}
