package search

import (
	"encoding/binary"
	"math"
	"sync"
)

// Index is the in-memory word index every node builds from the stored word
// bags (DocBag.Encode): for each word, the documents holding it with its
// counts in title and body, and for each document what ranking and
// filtering need. It ranks a query's words by BM25 over every document
// that holds them, in a few milliseconds for 100,000 documents, the same
// way on SQLite and PostgreSQL. Documents are added at the end; a changed
// or withdrawn document is marked dead and skipped until the index is
// rebuilt (Dead says how many). An Index is not safe for concurrent use:
// the caller guards it with a read-write lock.
type Index struct {
	docs     []docEntry
	slots    map[int64]int32
	post     []postings // by word number
	live     int
	dead     int
	totalLen int64
}

// DocInfo is what the index keeps of a document besides its words.
type DocInfo struct {
	ID        int64
	Published int64 // 发布日期, Unix seconds
	Year      int   // year of the publication time as stored (UTC)
	UnitID    int64
	CatalogID int64
	Validity  string
	Title     string // folded (Normalize), for title checks
}

type docEntry struct {
	DocInfo
	len  int32
	dead bool
}

type postings struct {
	data []byte // per document: Uvarint(slot - previous slot - 1), counts byte
	last int32  // slot of the last entry, -1 when empty
	n    int32  // entries, dead documents included
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{slots: map[int64]int32{}} }

// Len returns the number of live documents.
func (ix *Index) Len() int { return ix.live }

// Dead returns the number of dead entries (changed or withdrawn documents).
func (ix *Index) Dead() int { return ix.dead }

// Add adds (or replaces) a document with its encoded word bag.
func (ix *Index) Add(info DocInfo, bag []byte) error {
	ix.Remove(info.ID)
	slot := int32(len(ix.docs))
	var ids []uint32
	var tfs []byte
	tl, bl, err := decodeBag(bag, func(id uint32, tf byte) {
		ids = append(ids, id)
		tfs = append(tfs, tf)
	})
	if err != nil {
		return err
	}
	info.Title = Normalize(info.Title)
	ix.docs = append(ix.docs, docEntry{DocInfo: info, len: int32(tl + bl)})
	ix.slots[info.ID] = slot
	ix.live++
	ix.totalLen += int64(tl + bl)
	for i, id := range ids {
		if int(id) >= len(ix.post) {
			grow := make([]postings, int(id)+1-len(ix.post), max(int(id)+1, 2*len(ix.post))-len(ix.post))
			for k := range grow {
				grow[k].last = -1
			}
			ix.post = append(ix.post, grow...)
		}
		p := &ix.post[id]
		p.data = binary.AppendUvarint(p.data, uint64(slot-p.last-1))
		p.data = append(p.data, tfs[i])
		p.last = slot
		p.n++
	}
	return nil
}

// Remove marks a document dead; it reports whether it was there.
func (ix *Index) Remove(id int64) bool {
	slot, ok := ix.slots[id]
	if !ok {
		return false
	}
	delete(ix.slots, id)
	e := &ix.docs[slot]
	e.dead = true
	ix.live--
	ix.dead++
	ix.totalLen -= int64(e.len)
	return true
}

// Compact gives back the spare capacity of the postings (after a load).
func (ix *Index) Compact() {
	for i := range ix.post {
		if p := &ix.post[i]; cap(p.data) > len(p.data) {
			p.data = append([]byte(nil), p.data...)
		}
	}
}

// Has reports whether the document is in the index, and its slot.
func (ix *Index) Has(id int64) (int32, bool) {
	slot, ok := ix.slots[id]
	return slot, ok
}

// Doc returns what the index keeps of the document in a slot.
func (ix *Index) Doc(slot int32) *DocInfo { return &ix.docs[slot].DocInfo }

// Each calls fn for every live document.
func (ix *Index) Each(fn func(slot int32, d *DocInfo)) {
	for i := range ix.docs {
		if !ix.docs[i].dead {
			fn(int32(i), &ix.docs[i].DocInfo)
		}
	}
}

// BM25 parameters, as SQLite FTS5's bm25() with the title weighted 10 and
// the body 1 (DESIGN §6).
const (
	bm25K1      = 1.2
	bm25B       = 0.75
	titleWeight = 10
)

// Hit is a document holding every required word.
type Hit struct {
	Slot  int32
	Score float32 // BM25 of the words
	Title bool    // every required word is in the title
}

type scratch struct {
	score []float32
	mask  []uint64
	title []uint64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// MaxWords is how many required words Score takes; more are ignored.
const MaxWords = 64

// Score returns the live documents (passing keep, when given) that hold
// every required word — any one of a word's alternatives (word numbers,
// 0 for a word no document has) — each with its BM25 score: the sum over
// the words of idf × f·(k1+1) / (f + k1·(1-b+b·len/avglen)), where f is
// 10 × the count in the title plus the count in the body, as FTS5's
// bm25(10, 1) computes it for phrases.
func (ix *Index) Score(words [][]uint32, keep func(*DocInfo) bool) []Hit {
	if len(words) == 0 || ix.live == 0 {
		return nil
	}
	words = words[:min(len(words), MaxWords)]
	n := len(ix.docs)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if cap(sc.score) < n {
		sc.score, sc.mask, sc.title = make([]float32, n), make([]uint64, n), make([]uint64, n)
	}
	score, mask, title := sc.score[:n], sc.mask[:n], sc.title[:n]
	clear(score)
	clear(mask)
	clear(title)
	N := float64(ix.live)
	avg := float64(ix.totalLen) / N
	if avg <= 0 {
		avg = 1
	}
	for k, alts := range words {
		bit := uint64(1) << k
		for _, id := range alts {
			if id == 0 || int(id) >= len(ix.post) {
				continue
			}
			p := &ix.post[id]
			idf := math.Log((N - float64(p.n) + 0.5) / (float64(p.n) + 0.5))
			if idf <= 0 {
				idf = 1e-6
			}
			data := p.data
			slot := int32(-1)
			for len(data) > 0 {
				d, m := binary.Uvarint(data)
				slot += int32(d) + 1
				tf := data[m]
				data = data[m+1:]
				e := &ix.docs[slot]
				if e.dead {
					continue
				}
				t, b := unpackTF(tf)
				f := float64(titleWeight*t + b)
				score[slot] += float32(idf * f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*float64(e.len)/avg)))
				mask[slot] |= bit
				if t > 0 {
					title[slot] |= bit
				}
			}
		}
	}
	full := uint64(1)<<len(words) - 1
	if len(words) == 64 {
		full = math.MaxUint64
	}
	var out []Hit
	for i, m := range mask {
		if m != full {
			continue
		}
		if keep != nil && !keep(&ix.docs[i].DocInfo) {
			continue
		}
		out = append(out, Hit{Slot: int32(i), Score: score[i], Title: title[i] == full})
	}
	return out
}
