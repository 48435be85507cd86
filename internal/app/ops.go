package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/metrics"
	"gongkai/internal/notify"
	"gongkai/internal/store"
)

// ops is the operations side of the app: metrics, readiness, backups and
// the watch over the disk.
type ops struct {
	metrics *metrics.Metrics
	backup  sync.Mutex // one backup at a time on this node (the job lock covers the others)
	full    sync.Mutex
	warned  string // the day the admin was last told of a full disk directly
}

// setupOps registers /metrics, the readiness checks and the request
// metrics on the router.
func (a *App) setupOps() {
	a.ops = &ops{}
	a.ops.metrics = metrics.New(a.Store, gongkai.Version(), func(ctx context.Context) string {
		b, err := a.Store.BackupSchedule(ctx)
		if err != nil {
			return ""
		}
		return b.Dir
	})
	a.HTTP.Observe = a.ops.metrics.ObserveHTTP
	a.HTTP.HandleFunc("GET /metrics", a.serveMetrics)
	a.HTTP.AddReadyCheck("storage", a.Store.StorageProblem)
	a.HTTP.AddReadyCheck("jobs", a.jobsStuck)
	a.Web.BackupNow = a.BackupNow
}

// MetricsHandler serves /metrics without a check, for GONGKAI_METRICS_ADDR.
func (a *App) MetricsHandler() http.Handler { return a.ops.metrics.Handler() }

// serveMetrics serves /metrics on the main address to an API token given
// the metrics permission (auth.PermMetrics, which no role holds: `gongkai
// token create --login admin --permission metrics`, or the admin's token
// page); the public and console sessions get 404 (the route is not
// advertised), other tokens 403.
func (a *App) serveMetrics(w http.ResponseWriter, r *http.Request) {
	u, ok := httpx.UserFrom(r.Context())
	if !ok || !httpx.ViaToken(r.Context()) {
		http.NotFound(w, r)
		return
	}
	if !auth.Can(u, auth.PermMetrics) {
		w.Header().Set(httpx.DeniedHeader, string(u.Role))
		a.HTTP.Fail(w, r, gongkai.Errorf(gongkai.EFORBIDDEN, "该接口令牌无权读取监控指标：请由系统管理员创建具有“监控指标”权限的接口令牌（gongkai token create --login admin --permission metrics）"))
		return
	}
	a.ops.metrics.Handler().ServeHTTP(w, r)
}

// jobsStuck fails when a background job has not run for three of its
// periods (and at least ten minutes) on any node, once the program has
// been up long enough for every job to have run.
func (a *App) jobsStuck(ctx context.Context) error {
	runs, err := a.Store.JobRuns(ctx)
	if err != nil {
		return errors.New("无法读取后台任务的运行记录")
	}
	last := map[string]time.Time{}
	for _, r := range runs {
		last[r.Name] = r.LastRun
	}
	now := a.Store.Now()
	var stuck []string
	for _, j := range a.Jobs() {
		limit := max(3*j.Every, 10*time.Minute)
		t, ok := last[j.Name]
		if !ok {
			if now.Sub(a.started) > limit {
				stuck = append(stuck, j.Name+"（从未运行）")
			}
			continue
		}
		if now.Sub(t) > limit {
			stuck = append(stuck, fmt.Sprintf("%s（上次运行于 %s）", j.Name, t.In(time.Local).Format("01-02 15:04")))
		}
	}
	if len(stuck) > 0 {
		return errors.New("后台任务停滞：" + strings.Join(stuck, "、"))
	}
	return nil
}

// opsJobs are the scheduled backup and the watch over the disk.
func opsJobs(a *App) []Job {
	return []Job{
		{Name: "backup", Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
			b, err := a.Store.BackupSchedule(ctx)
			if err != nil {
				return err
			}
			last, _, err := a.Store.LastBackup(ctx, "schedule", false)
			if err != nil {
				return err
			}
			if !b.Due(now, last.Started) {
				return nil
			}
			_, err = a.RunBackup(ctx, "schedule", auth.System)
			return err
		}},
		{Name: "storage-watch", Every: time.Minute, Run: a.watchStorage},
	}
}

// RunBackup makes one backup into the scheduled folder now (kind
// "schedule" or "manual"), records the run (a failure notifies the admin)
// and keeps the newest files as the schedule says.
func (a *App) RunBackup(ctx context.Context, kind string, actor auth.Actor) (store.BackupRun, error) {
	a.ops.backup.Lock()
	defer a.ops.backup.Unlock()
	run := store.BackupRun{Kind: kind, Started: a.Store.Now().UTC(), Encrypted: a.Config.BackupPassphrase != ""}
	b, err := a.Store.BackupSchedule(ctx)
	if err == nil && b.Dir == "" {
		err = gongkai.Errorf(gongkai.EINVALID, "尚未设置备份文件夹：请先在“系统管理 → 备份”中填写")
	}
	if err == nil {
		err = store.CheckBackupDir(b.Dir)
	}
	var res store.BackupResult
	if err == nil {
		run.Path = filepath.Join(b.Dir, store.BackupFileName(run.Started))
		res, err = a.Store.BackupFile(ctx, run.Path, store.BackupOptions{Passphrase: a.Config.BackupPassphrase, ProgramVersion: gongkai.Version()})
	}
	run.Finished = a.Store.Now().UTC()
	run.Duration = run.Finished.Sub(run.Started)
	if err == nil {
		run.OK, run.Size = true, res.Size
		run.Tables, run.Rows, run.Blobs = len(res.Manifest.Tables), res.Manifest.Rows, len(res.Manifest.Blobs)
		if gone, perr := store.PruneBackups(b.Dir, b.Keep); perr != nil {
			a.Log.Warn("backup prune", "dir", b.Dir, "err", perr)
		} else if len(gone) > 0 {
			a.Log.Info("旧备份已删除", "files", gone)
		}
	} else {
		run.Error = gongkai.ErrorMessage(err)
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			run.Error = "备份失败：" + err.Error()
		}
		a.Log.Error("backup failed", "kind", kind, "err", err)
	}
	id, rerr := a.Store.RecordBackupRun(ctx, actor, run)
	run.ID = id
	if rerr != nil {
		a.Log.Error("record backup run", "err", rerr)
		if !run.OK {
			a.tellAdminDirectly(ctx, "数据库备份失败", run.Error)
		}
	}
	if err != nil {
		return run, err
	}
	return run, rerr
}

// BackupNow starts a backup from the console in the background (it may
// take a minute on a large database) and returns at once.
func (a *App) BackupNow(actor auth.Actor) error {
	if !a.ops.backup.TryLock() {
		return gongkai.Errorf(gongkai.ECONFLICT, "已有备份正在进行，请稍后刷新本页查看结果")
	}
	a.ops.backup.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
		defer cancel()
		_, _ = a.Store.WithLock(ctx, "job:backup", func(ctx context.Context) error {
			_, err := a.RunBackup(ctx, "manual", actor)
			return err
		})
	}()
	return nil
}

// watchStorage tells the admin when the disk is full: a notification in
// the console (once a day, when it can be written) and, since writing may
// be what fails, straight over e-mail and the robots too.
func (a *App) watchStorage(ctx context.Context, now time.Time) error {
	problem := a.Store.StorageProblem(ctx)
	if problem == nil {
		return nil
	}
	day := now.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	_, err := a.Store.Notify(ctx, notify.Notification{Key: "storage:full:" + day, Role: auth.RoleAdmin, Level: "alert",
		Title: "存储空间不足", Body: problem.Error() + "。写入已暂停，请尽快清理磁盘或扩容；清理后系统自动恢复。", Link: "/admin/system/backup"})
	a.tellAdminDirectly(ctx, "存储空间不足", problem.Error())
	return err
}

// tellAdminDirectly sends an alert to the admin's e-mail addresses and the
// robots without the outbox (which lives in the database that may be
// failing), at most once a day per node.
func (a *App) tellAdminDirectly(ctx context.Context, title, body string) {
	a.ops.full.Lock()
	day := time.Now().Format("2006-01-02") + title
	if a.ops.warned == day {
		a.ops.full.Unlock()
		return
	}
	a.ops.warned = day
	a.ops.full.Unlock()
	d := a.deliverer(ctx)
	n := notify.Notification{Key: "direct:" + day, Role: auth.RoleAdmin, Level: "alert", Title: title, Body: body, Link: "/admin/system/backup", Created: time.Now()}
	for _, t := range d.Config.Targets(n, "", d.SMTP.Addr != "") {
		if err := d.Deliver(ctx, t, n, "gongkai-"+day, time.Now()); err != nil {
			a.Log.Warn("direct alert", "channel", t.Channel, "err", err)
		}
	}
	a.Log.Error(title, "detail", body)
}
