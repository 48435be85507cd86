package search

import (
	"encoding/binary"
	"math"
	"slices"
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
	docs       []docEntry
	slots      slotTable  // document id → slot
	post       []postings // by word number
	validities []string   // docEntry.validity indexes this
	live       int
	dead       int
	totalLen   int64
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

// docEntry is DocInfo as the index holds it: 56 bytes a document.
type docEntry struct {
	id, published   int64
	unitID, catalog int64
	title           string
	len             int32
	year            int16
	validity        uint8
	dead            bool
}

// postings lists the documents holding a word. Each entry is one
// Uvarint of (slot - previous slot - 1) << 3 | c: c 0–6 is a word found
// c+1 times in the body and not in the title (nine entries in ten), 7 is
// followed by the counts byte (packTF). An entry of a word that is common
// and frequent in the documents therefore takes one byte.
type postings struct {
	data []byte
	last int32 // slot of the last entry, -1 when empty
	n    int32 // entries, dead documents included
}

const tfEscape = 7

func appendPosting(p []byte, gap int32, tf byte) []byte {
	if tf>>6 == 0 && tf&63 >= 1 && tf&63 <= tfEscape {
		return binary.AppendUvarint(p, uint64(gap)<<3|uint64(tf&63-1))
	}
	return append(binary.AppendUvarint(p, uint64(gap)<<3|tfEscape), tf)
}

// nextPosting decodes the entry at the start of p: the gap, the counts
// byte and the rest of p.
func nextPosting(p []byte) (gap int32, tf byte, rest []byte) {
	v, m := binary.Uvarint(p)
	if c := byte(v & 7); c != tfEscape {
		return int32(v >> 3), c + 1, p[m:]
	}
	return int32(v >> 3), p[m], p[m+1:]
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{} }

// Reserve makes room for n more documents, so a load does not grow (and
// copy) the document table as it goes.
func (ix *Index) Reserve(n int) {
	ix.docs = slices.Grow(ix.docs, n)
}

// Len returns the number of live documents.
func (ix *Index) Len() int { return ix.live }

// Dead returns the number of dead entries (changed or withdrawn documents).
func (ix *Index) Dead() int { return ix.dead }

func (ix *Index) validity(v string) uint8 {
	for i, x := range ix.validities {
		if x == v {
			return uint8(i)
		}
	}
	if len(ix.validities) == 255 {
		return 255 // more than 255 values: the filter reads them as ""
	}
	ix.validities = append(ix.validities, v)
	return uint8(len(ix.validities) - 1)
}

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
	ix.docs = append(ix.docs, docEntry{id: info.ID, published: info.Published, unitID: info.UnitID, catalog: info.CatalogID,
		title: Normalize(info.Title), len: int32(tl + bl), year: int16(info.Year), validity: ix.validity(info.Validity)})
	ix.slots.set(info.ID, slot, len(ix.docs))
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
		p.data = appendPosting(p.data, slot-p.last-1, tfs[i])
		p.last = slot
		p.n++
	}
	return nil
}

// Remove marks a document dead; it reports whether it was there.
func (ix *Index) Remove(id int64) bool {
	slot, ok := ix.slots.get(id)
	if !ok {
		return false
	}
	ix.slots.del(id)
	e := &ix.docs[slot]
	e.dead = true
	ix.live--
	ix.dead++
	ix.totalLen -= int64(e.len)
	return true
}

// Compact gives back the spare room left by a load: the postings of rare
// words (under blockPostings bytes) move into one shared block (a later
// Add to such a word copies its few bytes out of it), the others into
// allocations of their own size, and the tables shrink to their length.
func (ix *Index) Compact() {
	total := 0
	for i := range ix.post {
		if n := len(ix.post[i].data); n < blockPostings {
			total += n
		}
	}
	block := make([]byte, 0, total)
	for i := range ix.post {
		p := &ix.post[i]
		if len(p.data) >= blockPostings {
			if cap(p.data) > len(p.data) {
				p.data = append([]byte(nil), p.data...)
			}
			continue
		}
		off := len(block)
		block = append(block, p.data...)
		p.data = block[off:len(block):len(block)]
	}
	if cap(ix.post) > len(ix.post)+len(ix.post)/16 {
		ix.post = append([]postings(nil), ix.post...)
	}
	if cap(ix.docs) > len(ix.docs)+len(ix.docs)/16 {
		ix.docs = append([]docEntry(nil), ix.docs...)
	}
}

// blockPostings is the size under which a word's postings share a block.
const blockPostings = 1024

// Slots returns the number of slots (live and dead documents): every
// slot is below it.
func (ix *Index) Slots() int { return len(ix.docs) }

// Has reports whether the document is in the index, and its slot.
func (ix *Index) Has(id int64) (int32, bool) {
	return ix.slots.get(id)
}

// slotTable maps document ids to slots: an array indexed by id while the
// ids are dense (documents are numbered from 1, most of them public), a
// map for ids far beyond the number of documents.
type slotTable struct {
	dense  []int32 // slot+1 by id; 0: none
	sparse map[int64]int32
}

func (t *slotTable) set(id int64, slot int32, docs int) {
	if id >= 0 && id < int64(len(t.dense)) {
		t.dense[id] = slot + 1
		delete(t.sparse, id)
		return
	}
	if id >= 0 && id < 2*int64(docs)+4096 {
		t.dense = slices.Grow(t.dense, int(id)+1-len(t.dense))[:id+1]
		t.dense[id] = slot + 1
		delete(t.sparse, id)
		return
	}
	if t.sparse == nil {
		t.sparse = map[int64]int32{}
	}
	t.sparse[id] = slot
}

func (t *slotTable) get(id int64) (int32, bool) {
	if id >= 0 && id < int64(len(t.dense)) && t.dense[id] != 0 {
		return t.dense[id] - 1, true
	}
	s, ok := t.sparse[id] // also an id set before the array reached it
	return s, ok
}

func (t *slotTable) del(id int64) {
	if id >= 0 && id < int64(len(t.dense)) {
		t.dense[id] = 0
	}
	delete(t.sparse, id)
}

// Doc returns what the index keeps of the document in a slot.
func (ix *Index) Doc(slot int32) DocInfo {
	e := &ix.docs[slot]
	d := DocInfo{ID: e.id, Published: e.published, Year: int(e.year), UnitID: e.unitID, CatalogID: e.catalog, Title: e.title}
	if int(e.validity) < len(ix.validities) {
		d.Validity = ix.validities[e.validity]
	}
	return d
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
func (ix *Index) Score(words [][]uint32, keep func(DocInfo) bool) []Hit {
	if len(words) == 0 || ix.live == 0 {
		return nil
	}
	words = words[:min(len(words), MaxWords)]
	n := len(ix.docs)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if cap(sc.score) < n {
		c := n + n/8 // room for the documents published next
		sc.score, sc.mask, sc.title = make([]float32, c), make([]uint64, c), make([]uint64, c)
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
				var gap int32
				var tf byte
				gap, tf, data = nextPosting(data)
				slot += gap + 1
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
		if keep != nil {
			if !keep(ix.Doc(int32(i))) {
				continue
			}
		}
		out = append(out, Hit{Slot: int32(i), Score: score[i], Title: title[i] == full})
	}
	return out
}
