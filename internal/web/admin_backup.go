package web

import (
	"net/http"
	"os"
	"strconv"
	"strings"

	"gongkai"

	"gongkai/internal/store"
)

type backupData struct {
	Schedule   store.BackupSchedule
	Runs       []store.BackupRun
	Data       *store.Disk // the SQLite data folder
	DBSize     int64
	BackupDisk *store.Disk
	DiskErr    string
	Problem    string // storage full
	Encrypted  bool
	Dialect    store.Dialect
	Where      string
}

// backupPage is 系统管理 → 备份: the schedule, free space, the runs, and
// how to restore (a command-line action: it replaces a database).
func (s *Server) backupPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBackup(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderBackup(w http.ResponseWriter, r *http.Request, status int, msg string, form *store.BackupSchedule) error {
	ctx := r.Context()
	sched, err := s.Store.BackupSchedule(ctx)
	if err != nil {
		return err
	}
	if form != nil {
		sched = *form
	}
	runs, err := s.Store.BackupRuns(ctx, 30)
	if err != nil {
		return err
	}
	d := backupData{Schedule: sched, Runs: runs, Encrypted: s.Config.BackupPassphrase != "", Dialect: s.Store.Dialect, Where: s.Store.Where}
	if dir := s.Store.DataDir(); dir != "" {
		if disk, err := store.DiskOf(dir); err == nil {
			d.Data = &disk
		}
		for _, suffix := range []string{"", "-wal"} {
			if n, err := fileSize(s.Store.Where + suffix); err == nil {
				d.DBSize += n
			}
		}
	}
	if sched.Dir != "" {
		if disk, err := store.DiskOf(sched.Dir); err == nil {
			d.BackupDisk = &disk
		} else {
			d.DiskErr = "无法读取备份文件夹 " + sched.Dir + " 的空间：文件夹不存在或无权访问"
		}
	}
	if p := s.Store.StorageProblem(ctx); p != nil {
		d.Problem = p.Error()
	}
	s.Render(w, r, status, "admin/backup", &Page{Title: "备份", Area: "system", Error: msg, Data: d})
	return nil
}

func (s *Server) backupSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	keep, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("keep")))
	if err != nil {
		keep = 0
	}
	b := store.BackupSchedule{Enabled: r.PostFormValue("enabled") == "on", Dir: r.PostFormValue("dir"), Time: r.PostFormValue("time"), Keep: keep}
	if err := s.Store.SaveBackupSchedule(r.Context(), s.Actor(r), b); err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINVALID {
			return s.renderBackup(w, r, http.StatusBadRequest, gongkai.ErrorMessage(err), &b)
		}
		return err
	}
	return s.Flash(w, r, "备份设置已保存", "/admin/system/backup")
}

func (s *Server) backupRun(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	if s.BackupNow == nil {
		return s.renderBackup(w, r, http.StatusServiceUnavailable, "本节点不能执行备份", nil)
	}
	if err := s.BackupNow(s.Actor(r)); err != nil {
		return s.renderBackup(w, r, http.StatusConflict, gongkai.ErrorMessage(err), nil)
	}
	return s.Flash(w, r, "已开始备份：完成后（大数据库约需一分钟）刷新本页，结果列在下方", "/admin/system/backup")
}

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
