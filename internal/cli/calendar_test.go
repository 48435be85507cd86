package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"gongkai/internal/participation"
	"gongkai/internal/store"
)

// TestCalendarImportRecomputesClocks: holidays imported from the command
// line move the open clocks, through the store's one entry point
// (Store.RecomputeClocks), as the console's holidays page does.
func TestCalendarImportRecomputesClocks(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "g.db")
	if code, _, e := run(t, "", map[string]string{}, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %d %s", code, e)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "转学咨询", Content: "请问如何办理转学手续？"}, "")
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := st.Calendar(ctx)
	day := cal.NextWorkday(m.Received.AddDays(1)) // a working day inside the reply span
	st.Close()
	sched := filepath.Join(t.TempDir(), "holidays.csv")
	if err := os.WriteFile(sched, []byte("date,type,name\n"+day.String()+",放假,测试假日\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, e := run(t, "", map[string]string{}, "calendar", "import", sched, "--db", db); code != 0 {
		t.Fatalf("calendar import: %d %q %q", code, out, e)
	}
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Message(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	cal, _ = st.Calendar(ctx)
	want, _ := participation.ReplyDue(cal, m.Received, participation.DefaultReplyWorkdays)
	if got.Due == m.Due || got.Due != want.Due {
		t.Errorf("reply due after the imported holiday on %s = %s (was %s); want %s", day, got.Due, m.Due, want.Due)
	}
}
