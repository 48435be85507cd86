package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// Applications as people write them: a year, a place or school, a subject.
var (
	applyPlaces   = []string{"兖州区", "鼓楼街道", "龙桥街道", "新驿镇", "小孟镇", "颜店镇", "实验小学", "第一中学", "第二中学", "实验中学", "中心幼儿园", "职业中专"}
	applySubjects = []string{"小学招生划片范围", "学区划分方案", "课后服务收费标准", "校服采购合同", "食堂承包合同", "教师招聘笔试成绩", "职称评审结果",
		"学生资助名单", "营养改善计划资金使用情况", "校舍维修工程招标文件", "民办学校年检结果", "校外培训机构白名单", "教育经费预算", "三公经费决算",
		"防溺水安全教育方案", "近视防控工作方案", "课后延时服务费用明细", "教师编制数量", "随迁子女入学条件", "幼儿园收费标准"}
	applyAsks = []string{"", "是什么", "的文件", "及依据", "请提供纸质版", "及相关会议纪要"}
)

func applyDesc(r *rand.Rand) string {
	return fmt.Sprintf("%d年%s%s%s", 2015+r.IntN(10), applyPlaces[r.IntN(len(applyPlaces))], applySubjects[r.IntN(len(applySubjects))], applyAsks[r.IntN(len(applyAsks))])
}

// seedApplications adds n past applications of the last year straight into
// the tables (and the descriptions' full-text index), in one transaction.
func seedApplications(b *testing.B, st *store.Store, from, n int, now time.Time) {
	b.Helper()
	ctx := context.Background()
	db := st.DB()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(from), 7))
	ins, err := tx.PrepareContext(ctx, st.Rebind(`INSERT INTO requests (code, secret_hash, channel, applicant_type, applicant_name, description, form, state, submitted_at, updated_at)
		VALUES (?, 'x', 'online', 'natural', '张明', ?, 'email', 'submitted', ?, ?) RETURNING id`))
	if err != nil {
		b.Fatal(err)
	}
	idx := `INSERT INTO requests_fts (rowid, description) VALUES (?, ?)`
	if st.Dialect == store.Postgres {
		idx = `INSERT INTO requests_search (request_id, tsv) VALUES (?, to_tsvector('simple', ?))`
	}
	fts, err := tx.PrepareContext(ctx, st.Rebind(idx))
	if err != nil {
		b.Fatal(err)
	}
	for i := from; i < from+n; i++ {
		d := applyDesc(r)
		at := store.TS(now.Add(-time.Duration(r.IntN(360*24)) * time.Hour))
		var id int64
		if err := ins.QueryRowContext(ctx, fmt.Sprintf("B%07d", i), d, at, at).Scan(&id); err != nil {
			b.Fatal(err)
		}
		if _, err := fts.ExecContext(ctx, id, search.Tokens(d)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

var idNumber = func() string {
	id := "37088219900307123"
	return id + string(scan.IDCheckChar(id))
}()

// BenchmarkApply submits applications from 8 clients at once (staff
// registrations through store.SubmitRequest: the code, the audit row, the
// full-text index and the similar-request check against the past year)
// with 1,000, 10,000 and 100,000 past applications. Run: bench/apply.sh.
func BenchmarkApply(b *testing.B) {
	st := storetest.SQLite(b)
	now := time.Now()
	staff := auth.Actor{UserID: 1, Login: "bangongshi", Role: auth.RoleOffice}
	have := 0
	for _, past := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("past=%d", past), func(b *testing.B) {
			b.StopTimer()
			seedApplications(b, st, have, past-have, now)
			have = past
			var seq atomic.Int64
			b.SetParallelism(4) // 8 clients on 2 cores
			b.StartTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(uint64(seq.Add(1)), 11))
				for pb.Next() {
					app := request.Application{Applicant: request.Applicant{Type: request.Natural, Name: "李华", IDNumber: idNumber, Phone: "13805371234", Address: "兖州区建设路1号", Email: "lihua@example.com"},
						Description: applyDesc(r), Form: "email", Channel: request.Online}
					if _, err := st.SubmitRequest(context.Background(), staff, store.Submission{Application: app}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "apps/s")
		})
	}
}
