package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/backup"
	"gongkai/internal/demo"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func opener(data []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

// seedForBackup fills a database with the demo organisation (its 2023
// plan, documents, requests, consultations) and a few blobs.
func seedForBackup(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := demo.Seed(ctx, st, time.Date(2023, 12, 20, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for _, b := range [][]byte{{}, []byte("附件：招生方案.pdf"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000)} {
			if _, err := tx.PutBlob(ctx, "application/octet-stream", b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writer submits applications in a loop until stopped, counting the
// acknowledged ones.
type writer struct {
	acked atomic.Int64
	stop  chan struct{}
	done  sync.WaitGroup
	err   error
}

func startWriter(t *testing.T, st *store.Store) *writer {
	t.Helper()
	u, _, err := st.UserByLogin(ctx, "bangongshi")
	if err != nil {
		t.Fatal(err)
	}
	office := auth.ActorOf(u, "127.0.0.1")
	w := &writer{stop: make(chan struct{})}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			app := testApp(request.Natural, fmt.Sprintf("请公开本校%d号楼的建设资金使用情况", i))
			_, err := st.SubmitRequest(ctx, office, store.Submission{Application: app, ReceivedOn: workday.DateOf(st.Now())})
			if err != nil {
				w.err = err
				return
			}
			w.acked.Add(1)
		}
	}()
	return w
}

func (w *writer) waitFor(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for w.acked.Load() < n {
		if w.err != nil || time.Now().After(deadline) {
			t.Fatalf("writer: %d acknowledged, err %v", w.acked.Load(), w.err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// restoreTargets returns the kinds of empty target to restore into.
func restoreTargets(t *testing.T) map[string]func(t *testing.T) string {
	m := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "sub", "restored.db") },
	}
	if os.Getenv(storetest.EnvPostgres) != "" {
		m["postgres"] = func(t *testing.T) string { return storetest.PostgresURL(t) }
	}
	return m
}

func openDSN(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// compareSnapshot checks that dst holds exactly the rows of src that the
// backup's snapshot saw: the same rows in every column, in every table;
// the writer's later rows only in the tables it writes; the restore as
// one more audit row.
func compareSnapshot(t *testing.T, src, dst *store.Store, man backup.Manifest) {
	t.Helper()
	written := map[string]bool{"requests": true, "request_events": true, "audit_log": true, "request_reviews": true}
	for _, sum := range man.Tables {
		sl, err := src.TableLines(ctx, sum.Name)
		if err != nil {
			t.Fatal(err)
		}
		dl, err := dst.TableLines(ctx, sum.Name)
		if err != nil {
			t.Fatal(err)
		}
		n := int(sum.Rows)
		extra := 0
		if sum.Name == "audit_log" {
			extra = 1
		}
		if len(dl) != n+extra {
			t.Errorf("%s: restored %d rows, manifest %d", sum.Name, len(dl), n)
			continue
		}
		if len(sl) < n || len(sl) != n && !written[sum.Name] {
			t.Errorf("%s: source has %d rows, snapshot %d", sum.Name, len(sl), n)
			continue
		}
		for i := 0; i < n; i++ {
			if dl[i] != sl[i] {
				t.Errorf("%s row %d differs:\nsource   %s\nrestored %s", sum.Name, i+1, sl[i], dl[i])
				break
			}
		}
	}
	// The snapshot is one moment: every request has its audit row.
	reqs, _ := dst.TableLines(ctx, "requests")
	created, err := dst.Audit(ctx, store.AuditFilter{Entity: "request", Action: "create", Limit: 100000})
	if err != nil || len(created) != len(reqs) {
		t.Errorf("restored %d requests and %d audit rows of their creation (%v)", len(reqs), len(created), err)
	}
	last, err := dst.Audit(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(last) != 1 || last[0].Action != "restore" || !strings.Contains(last[0].Summary, "核对一致") {
		t.Errorf("last audit row: %+v (%v); want the restore", last, err)
	}
	// Every blob's bytes hash to their key. (The archive's blobs are every
	// bytes value, the word bags of search_docs too: those of the blobs
	// table are checked here.)
	for _, b := range man.Blobs {
		if _, _, err := src.Blob(ctx, b.SHA256); err != nil {
			continue
		}
		data, _, err := dst.Blob(ctx, b.SHA256)
		sum := sha256.Sum256(data)
		if err != nil || hex.EncodeToString(sum[:]) != b.SHA256 {
			t.Errorf("blob %s: %v", b.SHA256, err)
		}
	}
	// The full-text index (left out of the archive) was rebuilt and the
	// word bags came back: the same queries find the same documents.
	found := 0
	for _, q := range []string{"招生", "学校", "教育", "公开"} {
		a, err1 := src.Search(ctx, store.SearchRequest{Q: q, Limit: 50})
		b, err2 := dst.Search(ctx, store.SearchRequest{Q: q, Limit: 50})
		if err1 != nil || err2 != nil || a.Total != b.Total {
			t.Errorf("search %q: source %d (%v), restored %d (%v)", q, a.Total, err1, b.Total, err2)
		}
		for i := range min(len(a.Hits), len(b.Hits)) {
			if a.Hits[i].Doc.ID != b.Hits[i].Doc.ID || a.Hits[i].Match != b.Hits[i].Match {
				t.Errorf("search %q, hit %d: source %d (%s), restored %d (%s)", q, i+1, a.Hits[i].Doc.ID, a.Hits[i].Match, b.Hits[i].Doc.ID, b.Hits[i].Match)
				break
			}
		}
		found += b.Total
	}
	if found == 0 {
		t.Error("search finds nothing in the restored database")
	}
	// The annual report (of 2023: the writer writes into today's year).
	want, err := src.AnnualReport(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dst.AnnualReport(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if !bytes.Equal(wj, gj) {
		t.Errorf("annual report differs:\nsource   %s\nrestored %s", wj, gj)
	}
}

// TestBackupWhileWriting backs up each database while a writer submits
// applications, restores the archive into each kind of empty database and
// compares; then takes the PostgreSQL (or SQLite) copy round the other
// kind and back.
func TestBackupWhileWriting(t *testing.T) {
	backup.WorkFactor = 10
	storetest.Each(t, func(t *testing.T, src *store.Store) {
		seedForBackup(t, src)
		src.Now = time.Now
		w := startWriter(t, src)
		w.waitFor(t, 5)
		before := w.acked.Load()
		var buf bytes.Buffer
		man, err := src.Backup(ctx, &buf, store.BackupOptions{Passphrase: "备份口令 correct horse", ProgramVersion: "test"})
		if err != nil {
			close(w.stop)
			t.Fatal(err)
		}
		w.waitFor(t, w.acked.Load()+5)
		close(w.stop)
		w.done.Wait()
		if w.err != nil {
			t.Fatal(w.err)
		}
		reqs, _ := man.Table("requests")
		final, _ := src.TableLines(ctx, "requests")
		if reqs.Rows <= before || reqs.Rows >= int64(len(final)) {
			t.Errorf("snapshot holds %d requests; the writer had %d acknowledged before and the source ends with %d", reqs.Rows, before, len(final))
		}
		if man.Source != string(src.Dialect) || len(man.Blobs) < 3 || man.SchemaVersion == 0 {
			t.Errorf("manifest: source %s, %d blobs, schema %d", man.Source, len(man.Blobs), man.SchemaVersion)
		}
		restored := map[string]string{}
		for kind, target := range restoreTargets(t) {
			dsn := target(t) // lives as long as the parent test, for the round trip
			t.Run("to_"+kind, func(t *testing.T) {
				res, err := store.Restore(ctx, dsn, store.RestoreOptions{Open: opener(buf.Bytes()), Key: backup.NewKey("备份口令 correct horse"), Actor: auth.CLIOperator("tester")})
				if err != nil {
					t.Fatal(err)
				}
				if res.Manifest.Rows != man.Rows {
					t.Errorf("restore read %d rows, backup wrote %d", res.Manifest.Rows, man.Rows)
				}
				dst := openDSN(t, dsn)
				if _, _, pending, err := dst.SchemaStatus(ctx); err != nil || pending {
					t.Errorf("restored schema pending %v (%v)", pending, err)
				}
				compareSnapshot(t, src, dst, man)
				// The restored database works: search finds a published document, and new rows get new ids.
				if _, err := dst.SubmitRequest(ctx, auth.Actor{Login: "public", IP: "10.1.1.1"}, store.Submission{Application: testApp(request.Natural, "恢复后提交的申请"), IP: "10.1.1.1"}); err != nil {
					t.Errorf("submit after restore: %v", err)
				}
				restored[kind] = dsn
			})
		}
		// Round trip through the other kind: back up the restored copy and
		// restore it again; every table equal to the first copy (the audit
		// log with one more restore row).
		if len(restored) == 2 {
			first := openDSN(t, restored[map[store.Dialect]string{store.SQLite: "postgres", store.Postgres: "sqlite"}[src.Dialect]])
			var b2 bytes.Buffer
			if _, err := first.Backup(ctx, &b2, store.BackupOptions{ProgramVersion: "test"}); err != nil {
				t.Fatal(err)
			}
			back := filepath.Join(t.TempDir(), "back.db")
			if src.Dialect == store.Postgres {
				back = storetest.PostgresURL(t)
			}
			if _, err := store.Restore(ctx, back, store.RestoreOptions{Open: opener(b2.Bytes()), Actor: auth.CLIOperator("tester")}); err != nil {
				t.Fatal(err)
			}
			again := openDSN(t, back)
			tables, err := first.BackupTableNames(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range tables {
				a, _ := first.TableLines(ctx, tb.Name)
				b, _ := again.TableLines(ctx, tb.Name)
				if tb.Name == "audit_log" && len(b) == len(a)+1 {
					b = b[:len(a)]
				}
				if !reflect.DeepEqual(a, b) {
					t.Errorf("round trip: table %s differs (%d rows, %d rows)", tb.Name, len(a), len(b))
				}
			}
		}
	})
}

// TestBackupTablesMatch: both databases back up the same tables with the
// same columns, so an archive of one restores into the other (a derived
// table, such as a search index, belongs in store.derivedTables).
func TestBackupTablesMatch(t *testing.T) {
	pg := storetest.Postgres(t)
	if pg == nil {
		t.Skip(storetest.EnvPostgres + " not set")
	}
	a, err := storetest.SQLite(t).BackupTableNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.BackupTableNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	norm := func(ts []backup.TableSchema) map[string]map[backup.Column]bool {
		m := map[string]map[backup.Column]bool{}
		for _, t := range ts {
			m[t.Name] = map[backup.Column]bool{}
			for _, c := range t.Columns {
				m[t.Name][c] = true
			}
		}
		return m
	}
	if !reflect.DeepEqual(norm(a), norm(b)) {
		t.Errorf("tables differ:\nsqlite   %v\npostgres %v", norm(a), norm(b))
	}
}

// TestRestoreRefusals: a damaged archive, a wrong passphrase, a schema
// newer than the program's and a target that is not empty are refused
// with a Chinese message, and nothing is written.
func TestRestoreRefusals(t *testing.T) {
	backup.WorkFactor = 10
	src := storetest.SQLite(t)
	if _, err := src.CreateUnit(ctx, auth.System, org.Unit{Name: "办公室", Kind: org.KindOffice, Active: true}); err != nil {
		t.Fatal(err)
	}
	var plain, enc, newer bytes.Buffer
	if _, err := src.Backup(ctx, &plain, store.BackupOptions{ProgramVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Backup(ctx, &enc, store.BackupOptions{ProgramVersion: "test", Passphrase: "right"}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.DB().Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Backup(ctx, &newer, store.BackupOptions{ProgramVersion: "v9"}); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(plain.Bytes())
	flipped[len(flipped)/2] ^= 1
	cases := []struct {
		name string
		data []byte
		pass string
		want string
	}{
		{"one byte changed", flipped, "", "备份文件"},
		{"truncated", plain.Bytes()[:plain.Len()*2/3], "", "备份文件"},
		{"wrong passphrase", enc.Bytes(), "wrong", "密码不正确"},
		{"no passphrase", enc.Bytes(), "", "已加密"},
		{"newer schema", newer.Bytes(), "", "比本程序认识的"},
	}
	for kind, target := range restoreTargets(t) {
		for _, c := range cases {
			t.Run(kind+"/"+c.name, func(t *testing.T) {
				dsn := target(t)
				_, err := store.Restore(ctx, dsn, store.RestoreOptions{Open: opener(c.data), Key: backup.NewKey(c.pass), Actor: auth.CLI})
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("err = %v; want %q", err, c.want)
				}
				assertUntouched(t, dsn)
			})
		}
		t.Run(kind+"/not empty", func(t *testing.T) {
			dsn := target(t)
			if _, err := store.Restore(ctx, dsn, store.RestoreOptions{Open: opener(plain.Bytes()), Actor: auth.CLI}); err != nil {
				t.Fatal(err)
			}
			dst := openDSN(t, dsn)
			before, _ := dst.TableLines(ctx, "audit_log")
			dst.Close()
			_, err := store.Restore(ctx, dsn, store.RestoreOptions{Open: opener(plain.Bytes()), Actor: auth.CLI})
			if err == nil || !strings.Contains(err.Error(), "不是空的") {
				t.Fatalf("err = %v; want 不是空的", err)
			}
			after, _ := openDSN(t, dsn).TableLines(ctx, "audit_log")
			if !reflect.DeepEqual(before, after) {
				t.Errorf("the refused restore changed the target's audit log")
			}
		})
	}
}

// assertUntouched checks that a refused restore wrote nothing: no SQLite
// file (nor its folder), no PostgreSQL table.
func assertUntouched(t *testing.T, dsn string) {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres") {
		st := openDSN(t, dsn)
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n); err != nil || n != 0 {
			t.Errorf("refused restore left %d tables (%v)", n, err)
		}
		return
	}
	entries, _ := os.ReadDir(filepath.Dir(filepath.Dir(dsn)))
	if len(entries) != 0 {
		t.Errorf("refused restore left files: %v", entries)
	}
}
