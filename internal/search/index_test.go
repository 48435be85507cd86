package search

import (
	"math"
	"slices"
	"testing"
)

// TestBagRules: lengths in full-text tokens, two single characters that
// stand together counted as a word, stop characters never paired.
func TestBagRules(t *testing.T) {
	d := DefaultDict()
	if n := TokenLen("信息公开，双减 ab12 学"); n != 3+1+1+1 {
		t.Errorf("TokenLen = %d; want 6 (3 bigrams, 1 bigram, a word run, a lone character)", n)
	}
	b := d.Bag("办理退费手续", "请及时办理退费手续。退费")
	if c := b.Words["退费"]; c.Title != 1 || c.Body != 2 {
		t.Errorf("Bag counts 退费 %+v; want title 1, body 2 (words %v)", c, b.Words)
	}
	if b.TitleLen != 5 || b.BodyLen != TokenLen("请及时办理退费手续。退费") {
		t.Errorf("lengths %d/%d; want 5/%d", b.TitleLen, b.BodyLen, TokenLen("请及时办理退费手续。退费"))
	}
	for w := range d.Bag("", "我的书和你的笔").Words {
		for _, r := range w {
			if r == '的' || r == '和' {
				t.Errorf("a stop character was paired: %q", w)
			}
		}
	}
	for _, tt := range []struct{ word, want string }{
		{"兖州区", "兖州"},
		{"办理退费", "办理 退费"},
		{"退费", "退费"},
		{"的", ""},
	} {
		got := ""
		for i, p := range d.IndexParts(tt.word) {
			if i > 0 {
				got += " "
			}
			got += p
		}
		if got != tt.want {
			t.Errorf("IndexParts(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
}

// TestIndex: the postings survive their one-byte encoding (and its escape
// for title counts and body counts over 7), BM25 is FTS5's formula, and
// documents can be removed and added again, with dense and sparse ids,
// before and after Compact.
func TestIndex(t *testing.T) {
	ids := map[string]uint32{}
	num := func(w string) uint32 {
		if ids[w] == 0 {
			ids[w] = uint32(len(ids) + 1)
		}
		return ids[w]
	}
	bag := func(tl, bl int, words map[string]Counts) []byte {
		return DocBag{TitleLen: tl, BodyLen: bl, Words: words}.Encode(num)
	}
	ix := NewIndex()
	add := func(id int64, b []byte) {
		t.Helper()
		if err := ix.Add(DocInfo{ID: id, Title: "标题", Validity: "有效", Year: 2023}, b); err != nil {
			t.Fatal(err)
		}
	}
	add(1, bag(2, 10, map[string]Counts{"招生": {0, 1}, "划片": {0, 2}}))
	add(2, bag(2, 30, map[string]Counts{"招生": {1, 9}}))                // escaped: in the title
	add(3, bag(2, 20, map[string]Counts{"招生": {0, 70}, "划片": {0, 1}})) // body count capped at 63
	add(1_000_000_000, bag(2, 10, map[string]Counts{"划片": {0, 1}}))    // a sparse id
	for i := int64(10); i < 40; i++ {
		add(i, bag(2, 10, map[string]Counts{"其他": {0, 1}}))
	}
	check := func(stage string) {
		t.Helper()
		hits := ix.Score([][]uint32{{ids["招生"]}}, nil)
		got := map[int64]Hit{}
		for _, h := range hits {
			got[ix.Doc(h.Slot).ID] = h
		}
		if len(got) != 3 || !got[2].Title || got[1].Title {
			t.Fatalf("%s: hits %+v", stage, got)
		}
		// BM25 of document 1 by hand: f = 1, len 12
		N := float64(ix.Len())
		avg := float64(ix.totalLen) / N
		idf := math.Log((N - 3 + 0.5) / (3 + 0.5))
		want := idf * 1 * 2.2 / (1 + 1.2*(0.25+0.75*12/avg))
		if stage != "re-added" && math.Abs(float64(got[1].Score)-want) > 1e-4 { // a dead entry still counts in idf until a reload
			t.Errorf("%s: score %v; want %v", stage, got[1].Score, want)
		}
		if !(got[2].Score > got[1].Score && got[3].Score > got[1].Score) {
			t.Errorf("%s: scores %v %v %v; want 2 (title) and 3 (63 in the body) above 1", stage, got[2].Score, got[3].Score, got[1].Score)
		}
		both := ix.Score([][]uint32{{ids["招生"]}, {ids["划片"]}}, func(d DocInfo) bool { return d.Validity == "有效" && d.Year == 2023 })
		var bothIDs []int64
		for _, h := range both {
			bothIDs = append(bothIDs, ix.Doc(h.Slot).ID)
		}
		slices.Sort(bothIDs)
		if !slices.Equal(bothIDs, []int64{1, 3}) {
			t.Errorf("%s: 招生 and 划片 in %v; want [1 3]", stage, bothIDs)
		}
		if sl, ok := ix.Has(1_000_000_000); !ok || ix.Doc(sl).ID != 1_000_000_000 {
			t.Errorf("%s: sparse id not found", stage)
		}
	}
	check("loaded")
	ix.Compact()
	check("compacted")
	// document 3 changes: removed, added again at the end (its postings
	// are copied out of the shared block)
	if !ix.Remove(3) || ix.Remove(3) {
		t.Fatal("Remove(3) twice")
	}
	if _, ok := ix.Has(3); ok {
		t.Fatal("removed document still there")
	}
	add(3, bag(2, 20, map[string]Counts{"招生": {0, 70}, "划片": {0, 1}}))
	check("re-added")
	if ix.Dead() != 1 || ix.Len() != 34 {
		t.Errorf("dead %d, live %d; want 1, 34", ix.Dead(), ix.Len())
	}
}

// TestSlotTable: an id kept in the map while the array was short is still
// found once the array has grown past it, and removed from both.
func TestSlotTable(t *testing.T) {
	var st slotTable
	st.set(10_000, 0, 1) // beyond 2×1+4096: the map
	for id := int64(1); id <= 10_001; id++ {
		if id != 10_000 {
			st.set(id, int32(id), int(id)) // grows the array past 10,000
		}
	}
	if len(st.dense) <= 10_000 {
		t.Fatalf("array of %d; the test needs it past 10,000", len(st.dense))
	}
	if s, ok := st.get(10_000); !ok || s != 0 {
		t.Fatalf("get(10000) = %d, %v; want 0, true", s, ok)
	}
	st.del(10_000)
	if _, ok := st.get(10_000); ok {
		t.Fatal("get after del: still there")
	}
	st.set(10_000, 7, 20_000)
	if s, ok := st.get(10_000); !ok || s != 7 {
		t.Fatalf("get after set again = %d, %v; want 7, true", s, ok)
	}
}

// FuzzPostings: any sequence of gaps and counts bytes survives the
// postings encoding (one byte for a word found 1–7 times in the body only,
// an escape for the rest).
func FuzzPostings(f *testing.F) {
	f.Add([]byte{0, 1, 5, 0x41, 200, 63, 0, 0xc0})
	f.Fuzz(func(t *testing.T, in []byte) {
		type entry struct {
			gap int32
			tf  byte
		}
		var want []entry
		var p []byte
		for i := 0; i+1 < len(in); i += 2 {
			e := entry{int32(in[i]) * int32(in[i]), in[i+1]}
			want = append(want, e)
			p = appendPosting(p, e.gap, e.tf)
		}
		n := 0
		for ; len(p) > 0; n++ {
			var e entry
			e.gap, e.tf, p = nextPosting(p)
			if n >= len(want) || e != want[n] {
				t.Fatalf("entry %d: got %+v; want %+v", n, e, want)
			}
		}
		if n != len(want) {
			t.Fatalf("decoded %d entries; want %d", n, len(want))
		}
	})
}
