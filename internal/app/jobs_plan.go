package app

// planJobs lists this area's background jobs (reminders, overdue scans).
func planJobs(a *App) []Job { return nil }
