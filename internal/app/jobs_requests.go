package app

// requestJobs lists this area's background jobs (reminders, overdue scans).
func requestJobs(a *App) []Job { return nil }
