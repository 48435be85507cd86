// Package disclosure holds the rules of proactive disclosure (主动公开):
// the elements of a document, its review workflow, the pre-publication
// checks, the 20-working-day clock, the catalogue, the index-number rule,
// and who may see, draft and move a document (access.go). It is pure: no
// I/O, the clock and calendar are passed in.
package disclosure

import (
	"strings"
	"time"
	"unicode"

	"gongkai/internal/workday"
)

// Status is where a document stands in the review workflow.
type Status string

const (
	StatusDraft     Status = "draft"     // being written by its unit
	StatusSubmitted Status = "submitted" // waiting for the confidentiality review
	StatusReviewed  Status = "reviewed"  // passed review, waiting for the leader's sign-off
	StatusPublished Status = "published" // on the portal
	StatusReturned  Status = "returned"  // sent back with reasons, editable again
	StatusWithdrawn Status = "withdrawn" // taken off the portal by the office (撤回); the exchange sends a tombstone
)

// Label is the Chinese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "草稿"
	case StatusSubmitted:
		return "待保密审查"
	case StatusReviewed:
		return "待领导签发"
	case StatusPublished:
		return "已发布"
	case StatusReturned:
		return "已退回"
	case StatusWithdrawn:
		return "已撤回"
	}
	return string(s)
}

// Editable reports whether the author may change the document.
func (s Status) Editable() bool { return s == StatusDraft || s == StatusReturned }

// Validity values (有效性).
const (
	ValidityInForce  = "有效"
	ValidityExpired  = "失效"
	ValidityRepealed = "废止"
	ValidityRevised  = "已修订"
)

// Validities lists the allowed validity values.
var Validities = []string{ValidityInForce, ValidityExpired, ValidityRepealed, ValidityRevised}

// Disclosure attributes (公开属性).
const (
	AttrProactive = "主动公开"
	AttrOnRequest = "依申请公开"
	AttrWithheld  = "不予公开"
)

// Attributes lists the allowed disclosure attributes.
var Attributes = []string{AttrProactive, AttrOnRequest, AttrWithheld}

// Genres (体裁分类). The first two are counted by the annual report; the
// policy genres need an interpretation before sign-off.
const (
	GenreRule      = "规章"
	GenreNormative = "行政规范性文件"
	GenrePolicy    = "政策文件"
	GenreNotice    = "通知公告"
	GenrePlan      = "规划计划"
	GenreReport    = "工作报告"
	GenreOther     = "其他"
)

// Genres lists the genre choices.
var Genres = []string{GenreNormative, GenrePolicy, GenreRule, GenreNotice, GenrePlan, GenreReport, GenreOther}

// Topics lists the topic categories (主题分类) offered in forms.
var Topics = []string{"教育", "招生考试", "学生资助", "教师管理", "民办教育", "财务信息", "校园安全", "教育督导", "体育", "综合政务"}

// IsPolicy reports whether genre is a policy document (规范性文件 or
// 政策文件), which may not go out without its interpretation (三同步).
func IsPolicy(genre string) bool {
	return genre == GenreNormative || genre == GenrePolicy || strings.Contains(genre, "规范性文件")
}

// Interpretation forms.
var InterpretationForms = map[string]string{
	"text":    "文字解读",
	"graphic": "图解",
	"video":   "视频解读",
	"qa":      "问答",
	"live":    "在线访谈/发布会",
}

// FormLabel is the Chinese name of an interpretation form.
func FormLabel(f string) string {
	if l, ok := InterpretationForms[f]; ok {
		return l
	}
	return f
}

// Document is one piece of government information disclosed proactively.
type Document struct {
	ID              int64
	UnitID          int64
	UnitName        string
	UnitCode        string
	Issuer          string // issuing body as written (imports keep unmatched names)
	AuthorID        int64
	AuthorName      string
	Title           string
	IndexNo         string
	DocNo           string
	WrittenOn       workday.Date
	ChangedOn       workday.Date // formed or last changed: the 20-day clock starts here
	DueOn           workday.Date // ChangedOn + 20 working days (stored; recomputed when the holidays change)
	PublishedAt     time.Time
	CatalogItemID   int64
	CatalogItemName string
	Topic           string
	Genre           string
	Tags            []string
	Validity        string
	ValidityOn      workday.Date
	ReplacedByID    int64
	ReplacedByTitle string
	BodyHTML        string
	BodyText        string
	Attribute       string
	AttributeGround string
	AudienceUnitID  int64 // 0: everyone (全社会)
	AudienceName    string
	AudienceNote    string
	Major           bool
	Status          Status
	Version         int
	Imported        bool
	Created         time.Time
	Updated         time.Time
}

// Targeted reports whether the document is disclosed only to an audience.
func (d Document) Targeted() bool { return d.AudienceUnitID != 0 }

// Public reports whether the document may appear in general lists and
// search: published, proactive and not targeted.
func (d Document) Public() bool {
	return d.Status == StatusPublished && d.Attribute == AttrProactive && !d.Targeted()
}

// OnPortal reports whether the document has its own page on the portal:
// published and proactive (a targeted one too, linked from its audience's
// page only). store.PortalDocs selects the same in SQL.
func (d Document) OnPortal() bool {
	return d.Status == StatusPublished && d.Attribute == AttrProactive
}

// IssuerName is the issuing body shown on the portal.
func (d Document) IssuerName() string {
	if d.Issuer != "" {
		return d.Issuer
	}
	return d.UnitName
}

// URL is the portal address of the document.
func (d Document) URL() string { return DocumentURL(d.ID) }

// DocumentURL is the portal address of document id.
func DocumentURL(id int64) string { return "/docs/" + itoa(id) }

// Attachment is a file attached to a document.
type Attachment struct {
	ID          int64
	DocumentID  int64
	Name        string
	SHA256      string
	Size        int64
	ContentType string
	// TextStatus says how much of the file's text the checks could read
	// (ok, partial, unreadable; "" not yet extracted), TextNote why not.
	TextStatus string
	TextNote   string
	// Held: added or changed after the document was published, not public
	// until the reviewer has passed it (一事一审).
	Held bool
}

// URL is the portal address of the attachment.
func (a Attachment) URL() string { return AttachmentURL(a.ID, a.Name) }

// AttachmentURL is the portal address of attachment id: its file name
// after the id, so a browser saves it under its name and a web server
// serving the published copy (gongkai publish) knows its type from the
// extension. Characters a path cannot carry safely become "_".
func AttachmentURL(id int64, name string) string {
	return "/files/" + itoa(id) + "/" + FileSegment(name)
}

// FileSegment is name made safe as the last segment of a path: no
// separators, controls, spaces, %, ? or #, no leading dots, at most 80
// characters before the extension; "file" when nothing is left.
func FileSegment(name string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0x7f, r == '/', r == '\\', r == '%', r == '?', r == '#', r == ';', r == '"', r == '<', r == '>', unicode.IsSpace(r):
			return '_'
		}
		return r
	}, name)
	clean = strings.Trim(clean, ". _")
	base, ext := clean, ""
	if i := strings.LastIndexByte(clean, '.'); i > 0 && len(clean)-i <= 10 {
		base, ext = clean[:i], clean[i:]
	}
	if rs := []rune(base); len(rs) > 80 {
		base = string(rs[:80])
	}
	if base == "" {
		return "file" + ext
	}
	return base + ext
}

// Interpretation explains a policy document to the public.
type Interpretation struct {
	ID            int64
	DocumentID    int64
	DocumentTitle string
	Form          string
	Title         string
	BodyHTML      string
	MediaURL      string
	Created       time.Time
	// Held: added or changed after the document was published, not public
	// until the reviewer has passed it (一事一审).
	Held bool
}

// FormLabel is the Chinese name of the form.
func (i Interpretation) FormLabel() string { return FormLabel(i.Form) }

// Review is the review record of one publication (一事一审).
type Review struct {
	ID         int64
	DocumentID int64
	Opened     time.Time
	Closed     time.Time
	Outcome    string
	ReviewerID int64
	Reviewer   string
	Reviewed   time.Time
	ReviewNote string
	Findings   string // JSON of the findings shown to the reviewer
	SignerID   int64
	Signer     string
	Signed     time.Time
	SignNote   string
}

// Event is one move of a document through the workflow.
type Event struct {
	At     time.Time
	Actor  string
	From   Status
	To     Status
	Reason string
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
