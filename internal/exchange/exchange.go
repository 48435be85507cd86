// Package exchange holds the rules of the data exchange with the
// upper-level platform (集约化平台, the upper-level catalogue): the change
// cursor, the signature of pushed deliveries, the check of a subscriber's
// address, and the records another system receives. It is pure: the store
// keeps the change log, the app pushes.
//
// Every change to something public (a document, a catalogue item, an
// institution) gets a sequence number in commit order (store: the
// sequencer). A walk asks for the changes after a cursor and receives each
// thing once, in its latest state, in change order; a thing that is no
// longer public comes as a tombstone.
package exchange

import (
	"time"
)

// Kind is a kind of thing that is exchanged.
type Kind string

// The kinds of the exchange.
const (
	KindDocument    Kind = "document"
	KindCatalogItem Kind = "catalog_item"
	KindInstitution Kind = "institution"
)

// Kinds lists the kinds.
var Kinds = []Kind{KindDocument, KindCatalogItem, KindInstitution}

// Label is the Chinese name of a kind.
func (k Kind) Label() string {
	switch k {
	case KindDocument:
		return "文件"
	case KindCatalogItem:
		return "目录事项"
	case KindInstitution:
		return "民办学校和校外培训机构"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Change is one entry of a walk or a push: the thing's latest state
// (Record) or, when it is no longer public, a tombstone (Deleted).
type Change struct {
	Seq       int64     `json:"change_id"`
	Kind      Kind      `json:"kind"`
	ID        int64     `json:"id"`
	ChangedAt time.Time `json:"changed_at"`
	Deleted   bool      `json:"deleted"`
	// Record is the public record (Document, CatalogItem or Institution as
	// JSON); for a tombstone it holds what identifies the thing.
	Record any `json:"record"`
}

// MaxLimit is the largest page of a walk; DefaultLimit the page without a
// limit.
const (
	MaxLimit     = 500
	DefaultLimit = 100
)
