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

// MaxLimit is the largest page of a walk; DefaultLimit the page without a
// limit.
const (
	MaxLimit     = 500
	DefaultLimit = 100
)
