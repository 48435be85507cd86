package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// LowSpace is the free space under which the data folder counts as full:
// /readyz fails, the admin is told, and the backup page warns.
const LowSpace = 64 << 20

// Disk is the space of the file system holding a folder.
type Disk struct {
	Path  string
	Free  uint64 // bytes available to the program
	Total uint64
}

// Low reports whether the free space is under LowSpace.
func (d Disk) Low() bool { return d.Free < LowSpace }

// DiskOf returns the space of the file system holding path.
func DiskOf(path string) (Disk, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return Disk{Path: path}, fmt.Errorf("store: disk space of %s: %w", path, err)
	}
	return Disk{Path: path, Free: uint64(st.Bavail) * uint64(st.Bsize), Total: uint64(st.Blocks) * uint64(st.Bsize)}, nil
}

// DataDir is the folder of a SQLite database ("" on PostgreSQL, whose
// disk the program cannot see).
func (s *Store) DataDir() string {
	if s.Dialect != SQLite {
		return ""
	}
	return filepath.Dir(s.Where)
}

// storageFull remembers the last write refused for lack of space (unix
// nanoseconds), so /readyz and the storage job see it on any database.
type storageFull struct{ at atomic.Int64 }

func (f *storageFull) mark(now time.Time) { f.at.Store(now.UnixNano()) }

// LastStorageFull returns when a write last failed for lack of space (zero
// if never since the start).
func (s *Store) LastStorageFull() time.Time {
	if n := s.full.at.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// StorageProblem says why the store cannot take writes for lack of space:
// a write refused in the last minute, or (SQLite) a data folder under
// LowSpace. nil when there is room.
func (s *Store) StorageProblem(ctx context.Context) error {
	if t := s.LastStorageFull(); !t.IsZero() && time.Since(t) < time.Minute {
		return errors.New("存储空间不足：" + t.In(shanghai()).Format("15:04:05") + " 有写入因空间不足被拒绝")
	}
	if dir := s.DataDir(); dir != "" {
		d, err := DiskOf(dir)
		if err == nil && d.Low() {
			return fmt.Errorf("存储空间不足：数据文件夹 %s 仅剩 %s", dir, HumanBytes(int64(d.Free)))
		}
	}
	return nil
}

// HumanBytes writes a size for people (1.5 MB).
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
