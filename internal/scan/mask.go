package scan

import "strings"

// personalKinds are the kinds MaskPersonal hides.
var personalKinds = map[Kind]bool{
	KindIDNumber: true, KindIDNumber15: true, KindSuspectedID: true,
	KindMobile: true, KindBankCard: true, KindEmail: true, KindPersonalName: true,
}

// IsPersonal reports whether findings of kind are personal data (the kinds
// MaskPersonal hides).
func IsPersonal(k Kind) bool { return personalKinds[k] }

// MaskPersonal returns text with every piece of personal data that
// PersonalData finds replaced by its masked form: ID numbers (also
// suspected ones with a wrong check character) as 3708**********1231,
// mobile numbers as 138****5678 (whatever their separators or digit
// width: "138 1234 5678", "138-1234-5678", full-width digits), bank cards
// as 6222***********0123, e-mail addresses as z***@example.com, and names
// next to personal-data keywords as 张*. Everything else is kept as it
// is. Masking shortens digit runs, which can make a neighbouring group
// look like a number of its own ("170 0000 3782…"), so it repeats until
// nothing more is found: masked text holds no such finding, and masking
// twice changes nothing.
//
// It is what the portal shows of citizens' text (messages, the replies
// that may quote them, consultation comments).
func MaskPersonal(text string) string {
	for range 8 { // each round turns digits into *, so it ends
		m := maskOnce(text)
		if m == text {
			break
		}
		text = m
	}
	return text
}

func maskOnce(text string) string {
	fs := PersonalData(text)
	if len(fs) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, f := range fs { // sorted by start, longest first
		if !personalKinds[f.Kind] || f.Start < at {
			continue // overlaps a part already masked
		}
		b.WriteString(text[at:f.Start])
		b.WriteString(Mask(f.Kind, f.Value))
		at = f.End
	}
	b.WriteString(text[at:])
	return b.String()
}
