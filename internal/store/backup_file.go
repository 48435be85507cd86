package store

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"gongkai"
	"gongkai/internal/backup"
)

// BackupResult is a backup written to a file.
type BackupResult struct {
	Manifest  backup.Manifest
	Path      string
	Size      int64 // of the file
	Encrypted bool
}

// BackupFile writes a backup (Backup) to exactly path: into a temporary
// file in the same folder, synced, then renamed, so that a failed backup
// leaves nothing behind and a finished one is complete.
func (s *Store) BackupFile(ctx context.Context, path string, o BackupOptions) (BackupResult, error) {
	res := BackupResult{Path: path, Encrypted: o.Passphrase != ""}
	dir := filepath.Dir(path)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tmp := filepath.Join(dir, "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(b))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return res, fileError(fmt.Sprintf("无法在文件夹 %s 中写入备份：请检查它是否存在、是否可写", dir), err)
	}
	fail := func(err error) (BackupResult, error) {
		f.Close()
		os.Remove(tmp)
		return res, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	man, err := s.Backup(ctx, w, o)
	if err != nil {
		return fail(fileError("备份未完成", err))
	}
	if err := w.Flush(); err != nil {
		return fail(fileError("写入备份文件 "+path+" 失败", err))
	}
	if err := f.Sync(); err != nil {
		return fail(fileError("写入备份文件 "+path+" 失败", err))
	}
	fi, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return res, fileError("写入备份文件 "+path+" 失败", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return res, fileError("写入备份文件 "+path+" 失败", err)
	}
	res.Manifest, res.Size = man, fi.Size()
	return res, nil
}

// fileError names a failed write, and a full disk as such.
func fileError(what string, err error) error {
	if gongkai.ErrorCode(err) != gongkai.EINTERNAL {
		return err
	}
	if IsStorageFull(err) {
		return gongkai.Wrap(gongkai.EUNAVAILABLE, "存储空间不足："+what+"，请清理磁盘或换一个有空间的位置", err)
	}
	return gongkai.Wrap(gongkai.EINVALID, what, err)
}
