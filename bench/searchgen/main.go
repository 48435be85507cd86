// Command searchgen fills a gongkai database with generated published
// documents and measures the portal search over them (bench/search.sh).
//
//	go run ./bench/searchgen -db /tmp/bench.db -n 100000 gen
//	go run ./bench/searchgen -db /tmp/bench.db search
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"gongkai/internal/search"
	"gongkai/internal/store"
)

var (
	verbs  = []string{"做好", "开展", "加强", "印发", "进一步规范", "组织实施", "公布", "调整"}
	nouns  = []string{"工作", "实施方案", "管理办法", "工作要点", "专项行动", "检查结果", "有关事项", "情况报告"}
	kinds  = []string{"的通知", "的公告", "的意见", "的报告", ""}
	topics = []string{"义务教育招生入学", "双减", "课后服务", "学生资助", "教师资格认定", "校外培训机构管理", "校园安全", "学籍管理", "教育督导",
		"民办学校年检", "体育艺术", "学前教育", "教师培训", "学区划分", "财务预决算", "信息公开", "食堂食品安全", "营养改善计划", "特殊教育", "语言文字",
		"教育信息化", "校舍维修改造", "防溺水", "近视防控", "心理健康教育", "劳动教育", "研学实践", "家庭教育", "控辍保学", "职业教育"}
	// topical sentences carry the words people search for; each topic's
	// words appear mostly in that topic's documents.
	topical = map[string][]string{
		"义务教育招生入学": {"严格落实免试就近入学政策，", "适龄儿童入学报名通过平台办理，", "随迁子女入学按有关规定执行。"},
		"双减":       {"切实减轻学生过重作业负担和校外培训负担，落实“双减”要求，", "“双减”工作纳入督导考核，"},
		"学区划分":     {"学区划分情况另行公布，", "学区划分详细情况以公告为准。"},
		"信息公开":     {"政府信息公开工作年度报告于每年1月31日前公布，", "依申请公开按条例规定时限答复。"},
		"校外培训机构管理": {"校外培训机构须取得办学许可，", "民办培训机构年检结果向社会公布。"},
	}
	subjects = []string{"各学校", "各镇街教委", "区直各单位", "教研中心", "各幼儿园", "有关科室", "各中小学", "局属各单位", "各职业学校", "各培训点"}
	actions  = []string{"要高度重视", "要认真组织", "要统筹安排", "要加强检查", "要细化措施", "要压实责任", "要及时报送", "要定期调度", "要主动对接", "要建立台账"}
	objects  = []string{"确保按时完成", "形成长效机制", "做好宣传引导", "防范各类风险", "提升服务水平", "接受社会监督", "规范资料归档", "完善应急预案", "落实经费保障", "强化队伍建设",
		"优化办事流程", "加强家校沟通", "做好数据统计", "抓好问题整改", "严肃工作纪律", "开展专项培训"}
)

func sentence(r *rand.Rand, topic string) string {
	if ts, ok := topical[topic]; ok && r.IntN(3) == 0 {
		return ts[r.IntN(len(ts))]
	}
	return subjects[r.IntN(len(subjects))] + actions[r.IntN(len(actions))] + "，" + objects[r.IntN(len(objects))] + "。"
}

func main() {
	db := flag.String("db", "", "database (SQLite path or postgres:// URL)")
	n := flag.Int("n", 100000, "documents to generate")
	runs := flag.Int("runs", 30, "runs per query")
	schema := flag.String("schema", "bench_docs", "PostgreSQL schema for the benchmark (dropped and recreated by gen)")
	flag.Parse()
	ctx := context.Background()
	if strings.HasPrefix(*db, "postgres") {
		var err error
		if *db, err = pgSchema(ctx, *db, *schema, flag.Arg(0) == "gen"); err != nil {
			fail(err)
		}
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		fail(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		fail(err)
	}
	switch flag.Arg(0) {
	case "gen":
		err = generate(ctx, st, *n)
	case "probe":
		err = probe(ctx, st)
	case "search":
		err = measure(ctx, st, *runs)
	default:
		err = fmt.Errorf("usage: searchgen -db DB [-n N] gen|search")
	}
	if err != nil {
		fail(err)
	}
}

// pgSchema returns the URL with search_path set to schema, creating the
// schema (fresh for gen).
func pgSchema(ctx context.Context, dsn, schema string, fresh bool) (string, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if fresh {
		if _, err := db.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
			return "", err
		}
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+schema); err != nil {
		return "", err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "searchgen:", err)
	os.Exit(1)
}

func generate(ctx context.Context, st *store.Store, n int) error {
	r := rand.New(rand.NewPCG(1, 2))
	db := st.DB()
	var unitID int64
	if err := db.QueryRowContext(ctx, st.Rebind(`SELECT id FROM units ORDER BY id LIMIT 1`)).Scan(&unitID); err != nil {
		now := store.TS(time.Now())
		if err := db.QueryRowContext(ctx, st.Rebind(`INSERT INTO units (name, code, kind, created_at, updated_at) VALUES ('基准测试局', 'BENCH', 'bureau', ?, ?) RETURNING id`), now, now).Scan(&unitID); err != nil {
			return err
		}
	}
	start := time.Now()
	const batch = 2000
	for done := 0; done < n; {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, st.Rebind(`INSERT INTO documents (unit_id, title, index_no, doc_no, written_on, changed_on, published_at, topic, genre, body_html, body_text,
			attribute, status, title_tokens, body_tokens, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '教育', '通知公告', ?, ?, '主动公开', 'published', ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		for i := 0; i < batch && done < n; i, done = i+1, done+1 {
			year := 2015 + r.IntN(11)
			topic := topics[r.IntN(len(topics))]
			title := fmt.Sprintf("关于%s%d年%s%s%s", verbs[r.IntN(len(verbs))], year, topic, nouns[r.IntN(len(nouns))], kinds[r.IntN(len(kinds))])
			var b strings.Builder
			for k := 0; k < 8+r.IntN(30); k++ {
				b.WriteString(sentence(r, topic))
				if r.IntN(5) == 0 {
					b.WriteString("\n")
				}
			}
			body := b.String()
			docNo := fmt.Sprintf("济兖教体字〔%d〕%d号", year, 1+r.IntN(200))
			written := fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
			pub := store.TS(time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 9, 0, 0, 0, time.UTC))
			now := store.TS(time.Now())
			if _, err := stmt.ExecContext(ctx, unitID, title, fmt.Sprintf("BENCH/%d-%07d", year, done), docNo, written, written, pub,
				"<p>"+body+"</p>", body, search.Tokens(title+"\n"+docNo), search.Tokens(body), now, now); err != nil {
				return err
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	var q string
	if st.Dialect == store.Postgres {
		q = `INSERT INTO documents_search (document_id, tsv) SELECT id, setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', body_tokens), 'D')
			FROM documents d WHERE status = 'published' AND NOT EXISTS (SELECT 1 FROM documents_search s WHERE s.document_id = d.id)`
	} else {
		q = `INSERT INTO documents_fts (rowid, title_tokens, body_tokens) SELECT id, title_tokens, body_tokens FROM documents WHERE status = 'published' AND id > COALESCE((SELECT MAX(rowid) FROM documents_fts), 0)`
	}
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if st.Dialect == store.Postgres {
		db.ExecContext(ctx, `ANALYZE`)
	}
	fmt.Printf("generated and indexed %d documents in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

// queries: two-character, phrase, document number, multi-term and the
// broad query matching most of the corpus (the slow case, DESIGN §6).
var queries = []string{"双减", "入学", "学区划分", "济兖教体字〔2021〕12号", "校外培训 年检", "\"信息公开\"", "民政", "教育", "工作"}

func measure(ctx context.Context, st *store.Store, runs int) error {
	var all []time.Duration
	fmt.Printf("%-28s %8s %10s %10s\n", "query", "total", "p50", "p95")
	for _, q := range queries {
		var ds []time.Duration
		var total int
		for i := 0; i < runs; i++ {
			t0 := time.Now()
			res, err := st.Search(ctx, store.SearchRequest{Q: q})
			if err != nil {
				return err
			}
			ds = append(ds, time.Since(t0))
			total = res.Total
		}
		all = append(all, ds...)
		fmt.Printf("%-28s %8d %10s %10s\n", q, total, pct(ds, 50), pct(ds, 95))
	}
	fmt.Printf("%-28s %8s %10s %10s\n", "ALL ("+string(st.Dialect)+")", "", pct(all, 50), pct(all, 95))
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)*p/100].Round(10 * time.Microsecond)
}
