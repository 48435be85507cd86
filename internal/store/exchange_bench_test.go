package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/exchange"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// benchDocs imports n published documents (as `gongkai import documents`
// does) and returns the store; their change notes are pending.
func benchDocs(b *testing.B, s *store.Store, n int) {
	b.Helper()
	docs := make([]store.ImportedDocument, n)
	for i := range docs {
		title := fmt.Sprintf("关于做好第 %d 项工作的通知 %d", i, time.Now().UnixNano())
		docs[i] = store.ImportedDocument{Row: i + 2, PublishedOn: workday.MustDate("2023-05-08"), Validity: "有效",
			Input: store.DocumentInput{Title: title, DocNo: fmt.Sprintf("济兖教体字〔2023〕%d号", i+1), Issuer: "办公室", WrittenOn: workday.MustDate("2023-05-06"),
				Genre: disclosure.GenreNotice, Topic: "教育", Attribute: disclosure.AttrProactive, BodyHTML: "<p>各学校：请认真落实。</p>", BodyText: "各学校：请认真落实。"}}
	}
	if _, err := s.ImportDocuments(context.Background(), auth.CLI, docs); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExchangeSequence numbers the change notes of 2,000 newly
// published documents (the sequencer's cost per document: build the
// record, hash it, append the change).
func BenchmarkExchangeSequence(b *testing.B) {
	each(b, func(b *testing.B, s *store.Store) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			benchDocs(b, s, 2000)
			b.StartTimer()
			if _, err := s.SequenceChanges(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*2000), "µs/doc")
	})
}

// BenchmarkExchangeWalk reads a walk of 2,000 documents in pages of 500.
func BenchmarkExchangeWalk(b *testing.B) {
	each(b, func(b *testing.B, s *store.Store) {
		benchDocs(b, s, 2000)
		if _, err := s.SequenceChanges(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := time.Now()
		for i := 0; i < b.N; i++ {
			var after int64
			for {
				w, err := s.ExchangeWalk(context.Background(), exchange.Query{Kind: exchange.KindDocument, After: after, Limit: 500})
				if err != nil {
					b.Fatal(err)
				}
				after = w.Next
				if !w.More {
					break
				}
			}
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N*2000), "µs/doc")
	})
}

func each(b *testing.B, fn func(b *testing.B, s *store.Store)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, storetest.SQLite(b)) })
	if pg := storetest.Postgres(b); pg != nil {
		b.Run("postgres", func(b *testing.B) { fn(b, pg) })
	}
}
