package app

// participationJobs lists this area's background jobs (reminders, overdue scans).
func participationJobs(a *App) []Job { return nil }
