package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/notify"
)

// Setting keys of the backup schedule (系统管理 → 备份).
const (
	KeyBackupEnabled = "backup.enabled"
	KeyBackupDir     = "backup.dir"
	KeyBackupTime    = "backup.time" // HH:MM, Asia/Shanghai
	KeyBackupKeep    = "backup.keep"
)

// BackupSchedule is when and where the scheduled backups go.
type BackupSchedule struct {
	Enabled bool
	Dir     string // absolute folder on the node that runs the jobs
	Time    string // HH:MM, China time
	Keep    int    // how many scheduled backup files to keep
}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// Validate trims and checks the schedule.
func (b *BackupSchedule) Validate() error {
	b.Dir, b.Time = strings.TrimSpace(b.Dir), strings.TrimSpace(b.Time)
	if b.Time == "" {
		b.Time = "02:30"
	}
	if !hhmm.MatchString(b.Time) {
		return gongkai.Errorf(gongkai.EINVALID, "备份时间“%s”无效：请按“时:分”填写，如 02:30", b.Time)
	}
	if b.Keep < 1 || b.Keep > 365 {
		return gongkai.Errorf(gongkai.EINVALID, "保留份数应为 1 到 365，现为 %d", b.Keep)
	}
	if b.Dir == "" {
		if b.Enabled {
			return gongkai.Errorf(gongkai.EINVALID, "请填写备份文件夹（服务器上的绝对路径，如 /var/backups/gongkai）")
		}
		return nil
	}
	if !filepath.IsAbs(b.Dir) {
		return gongkai.Errorf(gongkai.EINVALID, "备份文件夹“%s”应为绝对路径，如 /var/backups/gongkai", b.Dir)
	}
	b.Dir = filepath.Clean(b.Dir)
	return nil
}

// BackupScheduleOf reads the schedule from the settings.
func BackupScheduleOf(set map[string]string) BackupSchedule {
	b := BackupSchedule{Enabled: set[KeyBackupEnabled] == "true", Dir: set[KeyBackupDir], Time: set[KeyBackupTime], Keep: 7}
	if b.Time == "" {
		b.Time = "02:30"
	}
	if n, err := strconv.Atoi(set[KeyBackupKeep]); err == nil && n >= 1 {
		b.Keep = n
	}
	return b
}

// BackupSchedule returns the stored schedule.
func (s *Store) BackupSchedule(ctx context.Context) (BackupSchedule, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return BackupSchedule{}, err
	}
	return BackupScheduleOf(set), nil
}

// SaveBackupSchedule stores the schedule (each changed setting audited).
// The folder must exist and be writable by the program.
func (s *Store) SaveBackupSchedule(ctx context.Context, a auth.Actor, b BackupSchedule) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if b.Dir != "" {
		if err := CheckBackupDir(b.Dir); err != nil {
			return err
		}
	}
	for k, v := range map[string]string{KeyBackupEnabled: strconv.FormatBool(b.Enabled), KeyBackupDir: b.Dir, KeyBackupTime: b.Time, KeyBackupKeep: strconv.Itoa(b.Keep)} {
		if err := s.PutSetting(ctx, a, k, v); err != nil {
			return err
		}
	}
	return nil
}

// CheckBackupDir checks that dir is a folder the program can write.
func CheckBackupDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return gongkai.Errorf(gongkai.EINVALID, "备份文件夹 %s 不存在：请先在服务器上创建它，并让运行 gongkai 的用户可写", dir)
	}
	f, err := os.CreateTemp(dir, ".gongkai-write-check-*")
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "备份文件夹 %s 不可写：请让运行 gongkai 的用户可写（%v）", dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// Due reports whether a scheduled backup is due at now: today's time has
// come (China time) and the last scheduled run started before it.
func (b BackupSchedule) Due(now, lastScheduled time.Time) bool {
	if !b.Enabled || b.Dir == "" {
		return false
	}
	loc := shanghai()
	h, _ := strconv.Atoi(b.Time[:2])
	m, _ := strconv.Atoi(b.Time[3:])
	n := now.In(loc)
	at := time.Date(n.Year(), n.Month(), n.Day(), h, m, 0, 0, loc)
	return !n.Before(at) && lastScheduled.Before(at)
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// BackupFileName is the name of a backup file made at t by the console or
// the schedule; PruneBackups deletes only files named so.
func BackupFileName(t time.Time) string {
	return "gongkai-" + t.In(shanghai()).Format("20060102-150405") + ".gkbak"
}

var backupNameRe = regexp.MustCompile(`^gongkai-\d{8}-\d{6}\.gkbak$`)

// PruneBackups deletes the oldest backup files of dir (those named by
// BackupFileName) beyond keep, and returns the names deleted.
func PruneBackups(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupNameRe.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	var gone []string
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return gone, err
		}
		gone, names = append(gone, names[0]), names[1:]
	}
	return gone, nil
}

// BackupRun is one backup made by the schedule or from the console.
type BackupRun struct {
	ID        int64
	Kind      string // "schedule" or "manual"
	Started   time.Time
	Finished  time.Time
	OK        bool
	Path      string
	Size      int64
	Duration  time.Duration
	Tables    int
	Rows      int64
	Blobs     int
	Encrypted bool
	Error     string
	Actor     string
}

// KindLabel is the run's kind in Chinese.
func (r BackupRun) KindLabel() string {
	if r.Kind == "schedule" {
		return "定时"
	}
	return "手动"
}

// RecordBackupRun stores a finished run, audited; a failed run notifies
// the admin.
func (s *Store) RecordBackupRun(ctx context.Context, a auth.Actor, r BackupRun) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO backup_runs (kind, started_at, finished_at, ok, path, size, duration_ms, table_count, row_count, blob_count, encrypted, error, actor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Kind, TS(r.Started), TS(r.Finished), r.OK, r.Path, r.Size, r.Duration.Milliseconds(), r.Tables, r.Rows, r.Blobs, r.Encrypted, r.Error, a.Login)
		if err != nil {
			return fmt.Errorf("store: record backup: %w", err)
		}
		summary := fmt.Sprintf("%s备份数据库到 %s（%d 行，%d 个文件）", r.KindLabel(), r.Path, r.Rows, r.Blobs)
		if !r.OK {
			summary = fmt.Sprintf("%s备份数据库失败：%s", r.KindLabel(), r.Error)
			if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("backup:failed:%d", id), Role: auth.RoleAdmin, Level: "alert",
				Title: "数据库备份失败", Body: r.Error, Link: "/admin/system/backup"}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "backup", "database", id, summary, nil, map[string]any{"path": r.Path, "ok": r.OK, "size": r.Size})
	})
	return id, err
}

const backupRunCols = `id, kind, started_at, finished_at, ok, path, size, duration_ms, table_count, row_count, blob_count, encrypted, error, actor`

func scanBackupRun(sc interface{ Scan(...any) error }) (BackupRun, error) {
	var r BackupRun
	var started, finished string
	var ms int64
	err := sc.Scan(&r.ID, &r.Kind, &started, &finished, &r.OK, &r.Path, &r.Size, &ms, &r.Tables, &r.Rows, &r.Blobs, &r.Encrypted, &r.Error, &r.Actor)
	r.Started, r.Finished, r.Duration = ParseTS(started), ParseTS(finished), time.Duration(ms)*time.Millisecond
	return r, err
}

// BackupRuns lists the latest runs, newest first.
func (s *Store) BackupRuns(ctx context.Context, limit int) ([]BackupRun, error) {
	return collect(ctx, s, scanBackupRun, fmt.Sprintf(`SELECT `+backupRunCols+` FROM backup_runs ORDER BY id DESC LIMIT %d`, max(1, limit)))
}

// LastBackup returns the latest run of a kind ("" any) that succeeded
// (ok) or any run (!ok); found is false when there is none.
func (s *Store) LastBackup(ctx context.Context, kind string, okOnly bool) (r BackupRun, found bool, err error) {
	q := `SELECT ` + backupRunCols + ` FROM backup_runs WHERE (? = '' OR kind = ?)`
	if okOnly {
		q += ` AND ok`
	}
	r, err = scanBackupRun(s.queryRow(ctx, q+` ORDER BY id DESC LIMIT 1`, kind, kind))
	if err != nil {
		if IsNotFound(s.translate(err)) {
			return r, false, nil
		}
		return r, false, s.translate(err)
	}
	return r, true, nil
}
