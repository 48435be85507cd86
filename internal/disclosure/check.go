package disclosure

import (
	"html/template"
	"sort"
	"strings"

	"gongkai/internal/scan"
	"gongkai/internal/workday"
)

// CheckInput is what the pre-publication checks look at.
type CheckInput struct {
	Title         string `json:"title"`
	DocNo         string `json:"doc_no"`
	WrittenOn     string `json:"written_on"`
	Issuer        string `json:"issuer"`
	Genre         string `json:"genre"`
	Topic         string `json:"topic"`
	CatalogItemID int64  `json:"catalog_item_id"`
	Attribute     string `json:"attribute"`
	Ground        string `json:"attribute_ground"`
	Body          string `json:"body"` // plain text
	// Partial skips the missing-element checks (a bare text scan).
	Partial bool `json:"-"`
}

// Finding is one problem found before publication, with the field it is
// in. Value is never shown: Masked is (JSON "value").
type Finding struct {
	// Source is where the text is: "title", "body", "doc_no",
	// "interpretation:12", "attachment:7", "message", "reply", "comment", …
	Source     string `json:"source"`
	Field      string `json:"field"`
	FieldLabel string `json:"field_label"`
	Kind       string `json:"kind"`
	Label      string `json:"label"`
	Line       int    `json:"line,omitempty"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Masked     string `json:"value"`
	Message    string `json:"message"`
	Blocking   bool   `json:"blocking"`
	// Fingerprint identifies the finding for a dismissal (see gate.go).
	Fingerprint string `json:"fingerprint,omitempty"`
	// Dismissible: a person may dismiss it as a false positive (a missing
	// element cannot be: it must be filled in).
	Dismissible bool       `json:"dismissible"`
	Dismissed   bool       `json:"dismissed"`
	Dismissal   *Dismissal `json:"dismissal,omitempty"`
	raw         scan.Finding
}

// Report is the outcome of the checks.
type Report struct {
	Findings []Finding
	// BodyMarked is the body text, escaped, with every finding in it
	// wrapped in <mark>: the reviewer sees exactly where.
	BodyMarked  template.HTML
	TitleMarked template.HTML
}

// Blocking reports whether any finding must be fixed before publication.
func (r Report) Blocking() bool {
	for _, f := range r.Findings {
		if f.Blocking {
			return true
		}
	}
	return false
}

var fieldLabels = map[string]string{
	"title": "标题", "doc_no": "发文字号", "written_on": "成文日期", "issuer": "发布机构", "genre": "体裁分类",
	"topic": "主题分类", "catalog_item_id": "目录事项", "attribute_ground": "不公开依据", "body": "正文",
}

// ScanText runs the text checks (personal data, sensitive words, document
// numbers and date forms) over one text.
func ScanText(text string, words []string) []scan.Finding {
	var fs []scan.Finding
	fs = append(fs, scan.PersonalData(text)...)
	fs = append(fs, scan.SensitiveWords(text, words)...)
	fs = append(fs, scan.DocNumbers(text)...)
	fs = append(fs, scan.FindDates(text)...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Start < fs[j].Start })
	return fs
}

// Check runs every pre-publication check over a document.
func Check(in CheckInput, words []string) Report {
	var rep Report
	add := func(field string, sf scan.Finding, blocking bool) {
		rep.Findings = append(rep.Findings, Finding{
			Source: field, Field: field, FieldLabel: fieldLabels[field], Kind: string(sf.Kind), Label: sf.Label,
			Line: sf.Line, Start: sf.Start, End: sf.End, Masked: sf.Masked, Message: sf.Message, Blocking: blocking, raw: sf,
		})
	}
	missing := func(field, msg string) {
		add(field, scan.Finding{Kind: scan.KindMissingElement, Label: scan.Labels[scan.KindMissingElement], Message: msg}, true)
	}
	if !in.Partial {
		if strings.TrimSpace(in.Title) == "" {
			missing("title", "请填写标题")
		}
		if strings.TrimSpace(in.Issuer) == "" {
			missing("issuer", "请填写发布机构")
		}
		if strings.TrimSpace(in.WrittenOn) == "" {
			missing("written_on", "请填写成文日期，如 2023-05-06")
		}
		if strings.TrimSpace(in.Genre) == "" {
			missing("genre", "请选择体裁分类")
		}
		if strings.TrimSpace(in.Topic) == "" {
			missing("topic", "请选择主题分类")
		}
		if in.CatalogItemID == 0 {
			missing("catalog_item_id", "请选择所属的政府信息公开目录事项")
		}
		if strings.TrimSpace(in.Body) == "" {
			missing("body", "请填写正文或导入 .docx 正文")
		}
		if (in.Genre == GenreNormative || in.Genre == GenreRule) && strings.TrimSpace(in.DocNo) == "" {
			missing("doc_no", "规章和行政规范性文件须有发文字号，如 济兖教体字〔2023〕12号")
		}
		if in.Attribute != "" && in.Attribute != AttrProactive && strings.TrimSpace(in.Ground) == "" {
			missing("attribute_ground", "“"+in.Attribute+"”须写明法律依据，如《政府信息公开条例》第十四条")
		}
	}
	if d := strings.TrimSpace(in.DocNo); d != "" {
		if ok, msg := scan.CheckDocNumber(d); !ok {
			add("doc_no", scan.Finding{Kind: scan.KindDocNumber, Label: scan.Labels[scan.KindDocNumber], Start: 0, End: len(d), Value: d, Masked: d, Message: msg}, true)
		}
	}
	if w := strings.TrimSpace(in.WrittenOn); w != "" {
		if _, err := workday.ParseDate(w); err != nil {
			add("written_on", scan.Finding{Kind: scan.KindDateFormat, Label: scan.Labels[scan.KindDateFormat], End: len(w), Value: w, Masked: w, Message: "成文日期应写作 2023-05-06"}, true)
		}
	}
	var titleFs []scan.Finding
	for _, f := range ScanText(in.Title, words) {
		add("title", f, gradeKind(f.Kind))
		titleFs = append(titleFs, f)
	}
	bodyFs := ScanText(in.Body, words)
	for _, f := range bodyFs {
		add("body", f, gradeKind(f.Kind))
	}
	rep.TitleMarked = template.HTML(scan.Highlight(in.Title, titleFs)) // scan.Highlight escapes the text
	rep.BodyMarked = template.HTML(scan.Highlight(in.Body, bodyFs))
	return rep
}
