package disclosure

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/scan"
)

// The publication gate (先审查、后公开): nothing becomes public while a
// finding graded 必须修改 stands over any of its public text. A finding
// stands until the text changes (the checks run again on every change of
// state) or a person allowed to (MayDismiss) dismisses it as a false
// positive with a written reason. This file holds the rules; the store
// applies them inside the transaction that changes the state.

// ItemKind names a kind of thing that becomes public.
type ItemKind string

// The things that pass the gate.
const (
	ItemDocument     ItemKind = "document"      // with its interpretations and attachments
	ItemMessage      ItemKind = "message"       // 网民留言 with its reply
	ItemComment      ItemKind = "comment"       // a consultation comment
	ItemConsultation ItemKind = "consultation"  // the consultation page (draft and explanation)
	ItemFeedback     ItemKind = "feedback"      // a consultation's 意见采纳情况 (keyed by the consultation)
	ItemEvaluation   ItemKind = "evaluation"    // a policy evaluation's results
	ItemAnnualReport ItemKind = "annual_report" // keyed by year
	ItemInstitution  ItemKind = "institution"   // a private school or training institution's record (its pending change)
)

// Label is the Chinese name of the kind.
func (k ItemKind) Label() string {
	switch k {
	case ItemDocument:
		return "文件"
	case ItemMessage:
		return "网民留言"
	case ItemComment:
		return "公众意见"
	case ItemConsultation:
		return "征求意见"
	case ItemFeedback:
		return "意见采纳情况"
	case ItemEvaluation:
		return "政策评价"
	case ItemAnnualReport:
		return "年度报告"
	case ItemInstitution:
		return "民办学校和校外培训机构信息"
	}
	return string(k)
}

// Citizens reports whether the item is citizens' text, shown masked on the
// portal.
func (k ItemKind) Citizens() bool { return k == ItemMessage || k == ItemComment }

// Kinds of findings the gate adds to those of internal/scan.
const (
	// KindUnreadable: an attachment whose text could not be (fully)
	// extracted; a person must look at it and say so.
	KindUnreadable = "unreadable"
)

// Text is one text that becomes public, with where it is.
type Text struct {
	Source     string // "title", "body", "interpretation:12", "attachment:7", "message", "reply", "comment", …
	Field      string // the field inside the source: "title", "body", "text", "content", …
	FieldLabel string // Chinese, e.g. 正文, 解读《…》正文, 附件“名单.pdf”
	Text       string
	// Unreadable is set for a file whose text could not all be extracted
	// (Note says why in Chinese); File is its SHA-256, so a new file is a
	// new finding.
	Unreadable bool
	Note       string
	File       string
}

// Dismissal is a finding dismissed as a false positive. It is keyed by the
// item and the finding's fingerprint, never by the raw value.
type Dismissal struct {
	ID          int64     `json:"id"`
	Item        ItemKind  `json:"item"`
	ItemID      int64     `json:"item_id"`
	Fingerprint string    `json:"fingerprint"`
	Source      string    `json:"source"`
	FieldLabel  string    `json:"field_label"`
	Kind        string    `json:"kind"`
	Label       string    `json:"label"`
	Masked      string    `json:"value"`
	Reason      string    `json:"reason"`
	ByID        int64     `json:"by_id,omitempty"`
	By          string    `json:"by"`
	ByName      string    `json:"by_name,omitempty"`
	At          time.Time `json:"at"`
	// Current is false when the finding is no longer in the text (the value
	// changed): the dismissal is kept for the record and covers nothing.
	Current bool `json:"current"`
}

// Standing reports whether f stops publication: graded 必须修改 and not
// dismissed.
func (f Finding) Standing() bool { return f.Blocking && !f.Dismissed }

// normValue is the form of a value that is fingerprinted: digits folded to
// ASCII and separators dropped for numbers, lower case for e-mail
// addresses, the text itself otherwise.
func normValue(kind, v string) string {
	switch scan.Kind(kind) {
	case scan.KindIDNumber, scan.KindIDNumber15, scan.KindSuspectedID, scan.KindMobile, scan.KindBankCard:
		var b strings.Builder
		for _, r := range v {
			switch {
			case r >= '0' && r <= '9':
				b.WriteRune(r)
			case r >= '０' && r <= '９':
				b.WriteRune(r - '０' + '0')
			case r == 'x' || r == 'X' || r == 'ｘ' || r == 'Ｘ':
				b.WriteByte('X')
			}
		}
		d := b.String()
		if scan.Kind(kind) == scan.KindMobile && len(d) == 13 && strings.HasPrefix(d, "86") {
			d = d[2:]
		}
		return d
	case scan.KindEmail:
		return strings.ToLower(v)
	}
	return strings.TrimSpace(v)
}

// Fingerprint identifies a finding within its item for dismissals: the
// item, the kind, the source and the value, hashed (the raw value is not
// kept). The same value in the same source is one finding; a changed value
// is a new one, so a dismissal survives unrelated edits and no more.
func Fingerprint(item ItemKind, itemID int64, kind, source, value string) string {
	h := sha256.Sum256([]byte("gongkai-finding\x00" + string(item) + "\x00" + strconv.FormatInt(itemID, 10) + "\x00" + kind + "\x00" + source + "\x00" + normValue(kind, value)))
	return hex.EncodeToString(h[:16])
}

// gradeKind says whether findings of kind in public text must be fixed
// before publication: personal data, sensitive words; not document-number
// or date forms in running text, nor a suspected ID (a warning).
func gradeKind(k scan.Kind) bool {
	switch k {
	case scan.KindDocNumber, scan.KindDateFormat, scan.KindSuspectedID:
		return false
	}
	return true
}

// ScanTexts runs the text checks over every text of an item and returns
// the findings with their source and fingerprint.
func ScanTexts(item ItemKind, itemID int64, texts []Text, words []string) []Finding {
	var out []Finding
	for _, t := range texts {
		for _, sf := range ScanText(t.Text, words) {
			out = append(out, Finding{
				Source: t.Source, Field: t.Field, FieldLabel: t.FieldLabel, Kind: string(sf.Kind), Label: sf.Label,
				Line: sf.Line, Start: sf.Start, End: sf.End, Masked: sf.Masked, Message: sf.Message,
				Blocking: gradeKind(sf.Kind), Dismissible: true,
				Fingerprint: Fingerprint(item, itemID, string(sf.Kind), t.Source, sf.Value), raw: sf,
			})
		}
		if t.Unreadable {
			note := t.Note
			if note == "" {
				note = "无法提取文字"
			}
			out = append(out, Finding{
				Source: t.Source, Field: t.Field, FieldLabel: t.FieldLabel, Kind: KindUnreadable, Label: "无法提取文字",
				Masked: t.FieldLabel, Message: "无法提取文字，请人工核对：" + note + "。逐页看过、确认没有个人信息和敏感内容后，由审查员在此确认并写明核对情况",
				Blocking: true, Dismissible: true, Fingerprint: Fingerprint(item, itemID, KindUnreadable, t.Source, t.File),
			})
		}
	}
	return out
}

// CheckDocument runs every check over a document: Check over its fields
// (missing elements too, graded as Check grades them) and ScanTexts over
// its other public texts (interpretations, attachments' text, given as
// Texts by the caller), and marks the dismissed findings. A historical
// document (imported from the old site) is held to the text checks only:
// its elements and its document number are kept as they were issued, so
// missing elements are not asked for and a nonstandard number is a
// warning.
func CheckDocument(in CheckInput, docID int64, other []Text, words []string, dismissals []Dismissal, historical bool) Report {
	if historical {
		in.Partial = true
	}
	rep := Check(in, words)
	for i := range rep.Findings {
		f := &rep.Findings[i]
		f.Source = f.Field
		f.Dismissible = f.Kind != string(scan.KindMissingElement)
		f.Fingerprint = Fingerprint(ItemDocument, docID, f.Kind, f.Source, f.raw.Value)
		if historical && f.Field == "doc_no" {
			f.Blocking = false
			f.Message += "（历史文件按原发文字号保留）"
		}
	}
	rep.Findings = append(rep.Findings, ScanTexts(ItemDocument, docID, other, words)...)
	rep.Findings = ApplyDismissals(rep.Findings, dismissals)
	return rep
}

// ApplyDismissals marks the findings that a dismissal covers, and marks
// which dismissals still cover a finding (Current).
func ApplyDismissals(fs []Finding, ds []Dismissal) []Finding {
	by := map[string]*Dismissal{}
	for i := range ds {
		by[ds[i].Fingerprint] = &ds[i]
	}
	for i := range fs {
		if d := by[fs[i].Fingerprint]; d != nil && fs[i].Dismissible {
			d.Current = true
			c := *d
			fs[i].Dismissed, fs[i].Dismissal = true, &c
		}
	}
	return fs
}

// StandingFindings returns the findings that stop publication.
func StandingFindings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Standing() {
			out = append(out, f)
		}
	}
	return out
}

// GateError is the refusal when findings stand: ECONFLICT, a Chinese
// message that says what was refused, how many findings must be fixed or
// dismissed and which (masked), and the findings as details
// {"findings": […]}. It returns nil when nothing stands.
func GateError(item ItemKind, what string, fs []Finding) error {
	st := StandingFindings(fs)
	if len(st) == 0 {
		return nil
	}
	var shown []string
	for i, f := range st {
		if i == 3 {
			shown = append(shown, "…")
			break
		}
		s := f.FieldLabel + "：" + f.Label
		if f.Masked != "" && f.Kind != string(scan.KindMissingElement) && f.Kind != KindUnreadable {
			s += "“" + f.Masked + "”"
		}
		shown = append(shown, s)
	}
	who := "政务公开办"
	if item == ItemDocument {
		who = "保密审查员"
	}
	return gongkai.Errorf(gongkai.ECONFLICT, "%s：还有 %d 项必须修改的问题（%s），请修改后再试；确属误报的，由%s逐项确认并写明理由",
		what, len(st), strings.Join(shown, "；"), who).WithDetails(map[string]any{"findings": st})
}

// GateFindings returns the findings of a gate refusal (the details of err),
// or nil when err is not one.
func GateFindings(err error) []Finding {
	d, ok := gongkai.ErrorDetails(err).(map[string]any)
	if !ok {
		return nil
	}
	fs, _ := d["findings"].([]Finding)
	return fs
}

// MinDismissReason is the shortest reason accepted for a dismissal, in
// characters.
const MinDismissReason = 5

// CheckDismissReason trims and checks the written reason of a dismissal.
func CheckDismissReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	n := utf8.RuneCountInString(reason)
	if n < MinDismissReason {
		return reason, gongkai.Errorf(gongkai.EINVALID, "请写明确认为误报的理由（至少 %d 个字），例如“该号码是单位公开的办公电话”", MinDismissReason)
	}
	if n > 500 {
		return reason, gongkai.Errorf(gongkai.EINVALID, "理由最多 500 字，现为 %d 字，请删减", n)
	}
	return reason, nil
}

// MayDismiss says who may dismiss a finding of an item as a false
// positive: for a document, the confidentiality reviewer, never its author
// (审写分离), and likewise for an institution's record (the author of
// its change); for citizens' text (messages, comments) and the other
// participation and report pages, the office that publishes them. The
// admin, the auditor, the leader and units may not.
func MayDismiss(role auth.Role, item ItemKind, actorID, authorID int64) error {
	switch item {
	case ItemDocument, ItemInstitution:
		if role != auth.RoleReviewer {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "只有保密审查员可以将%s中的问题确认为误报（您的角色：%s）", item.Label(), role.Label())
		}
		if actorID != 0 && actorID == authorID {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "起草人不能忽略自己%s中的问题（审写分离），请由其他保密审查员确认", item.Label())
		}
		return nil
	case ItemMessage, ItemComment, ItemConsultation, ItemFeedback, ItemEvaluation, ItemAnnualReport:
		if role != auth.RoleOffice {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "只有政务公开办（办公室）可以将%s中的问题确认为误报（您的角色：%s）", item.Label(), role.Label())
		}
		return nil
	}
	return gongkai.Errorf(gongkai.EINVALID, "未知的类别“%s”", item)
}

// MayReview says who may pass the review of a document's text: the
// confidentiality reviewer, never the author (审写分离).
func MayReview(role auth.Role, actorID, authorID int64) error {
	if role != auth.RoleReviewer {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只有保密审查员可以进行保密审查（您的角色：%s）", role.Label())
	}
	if actorID != 0 && actorID == authorID {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "保密审查员不能审查自己起草的文件（一事一审、审写分离）")
	}
	return nil
}

// Highlight returns text escaped, with the findings of source and field
// in it marked (as Report.BodyMarked).
func Highlight(text string, fs []Finding, source, field string) template.HTML {
	var sfs []scan.Finding
	for _, f := range fs {
		if f.Source == source && f.Field == field && f.End > f.Start {
			sfs = append(sfs, scan.Finding{Kind: scan.Kind(f.Kind), Label: f.Label, Start: f.Start, End: f.End})
		}
	}
	return template.HTML(scan.Highlight(text, sfs)) // scan.Highlight escapes the text
}

// SortFindings orders findings by source (title, doc_no, body, then the
// others in order), then by position.
func SortFindings(fs []Finding) {
	rank := func(s string) string {
		switch s {
		case "title":
			return "0"
		case "doc_no":
			return "1"
		case "body":
			return "2"
		}
		return "3" + s
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if a, b := rank(fs[i].Source), rank(fs[j].Source); a != b {
			return a < b
		}
		return fs[i].Start < fs[j].Start
	})
}

// SourceLabel names a source for people: 解读 12, 附件 7.
func SourceLabel(source string) string {
	k, id, ok := strings.Cut(source, ":")
	if !ok {
		return source
	}
	switch k {
	case "interpretation":
		return "解读 " + id
	case "attachment":
		return "附件 " + id
	}
	return fmt.Sprintf("%s %s", k, id)
}
