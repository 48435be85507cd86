package exchange

import "testing"

// FuzzDecodeCursor: any string is a cursor of the kind or a 400, never a
// panic, and a cursor that decodes encodes back to itself.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(Cursor{Kind: KindDocument, Seq: 12}.Encode())
	f.Add("YzEuZG9jdW1lbnQuLTE")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := DecodeCursor(KindDocument, s)
		if err != nil {
			return
		}
		if c.Seq < 0 || c.Kind != KindDocument {
			t.Fatalf("decoded %q to %+v", s, c)
		}
		if back, err := DecodeCursor(KindDocument, c.Encode()); err != nil || back != c {
			t.Fatalf("round trip of %+v: %+v %v", c, back, err)
		}
	})
}
