package exchange

import (
	"encoding/json"
	"strings"
	"time"

	"gongkai/internal/institution"
)

// The records as another system receives them. Addresses are stored
// relative (/docs/12) and made absolute with the public address
// (GONGKAI_BASE_URL) when sent (Absolute).

// Ref names another document.
type Ref struct {
	ID      int64  `json:"id"`
	IndexNo string `json:"index_no"`
	Title   string `json:"title"`
	URL     string `json:"url"`
}

// Catalog names a catalogue item.
type Catalog struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Path string `json:"path"` // 一级 / 二级 / 三级
}

// Interpretation is a policy interpretation linked to a document.
type Interpretation struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Form     string `json:"form"` // 文字解读, 图解, 视频解读, 问答, 在线访谈/发布会
	URL      string `json:"url"`
	MediaURL string `json:"media_url,omitempty"`
}

// File is an attachment with its size and SHA-256.
type File struct {
	Name        string `json:"name"`
	URL         string `json:"url"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
}

// Document is a published, public document with every formal element.
type Document struct {
	ID              int64            `json:"id"`
	IndexNo         string           `json:"index_no"`     // 索引号
	DocNo           string           `json:"doc_no"`       // 发文字号
	Title           string           `json:"title"`        // 标题
	Issuer          string           `json:"issuer"`       // 发布机构
	WrittenOn       string           `json:"written_on"`   // 成文日期 YYYY-MM-DD
	PublishedAt     time.Time        `json:"published_at"` // 发布日期
	Catalog         *Catalog         `json:"catalog"`      // 目录
	Topic           string           `json:"topic"`        // 主题分类
	Genre           string           `json:"genre"`        // 体裁分类
	Attribute       string           `json:"attribute"`    // 公开属性: 主动公开
	Validity        string           `json:"validity"`     // 有效性: 有效 / 失效 / 废止 / 已修订
	ValidityOn      string           `json:"validity_on,omitempty"`
	ReplacedBy      *Ref             `json:"replaced_by"` // the replacing document, if any
	Tags            []string         `json:"tags"`
	URL             string           `json:"url"`
	Interpretations []Interpretation `json:"interpretations"`
	Attachments     []File           `json:"attachments"`
	BodySHA256      string           `json:"body_sha256"`
	BodyHTML        string           `json:"body_html,omitempty"` // in walks; pushes leave it out
}

// CatalogItem is an item of the disclosure catalogue (标准目录).
type CatalogItem struct {
	ID        int64  `json:"id"`
	ParentID  int64  `json:"parent_id"`
	Level     int    `json:"level"`
	Seq       string `json:"seq"`
	Name      string `json:"name"`
	Path      string `json:"path"`
	Content   string `json:"content"`    // 公开内容（要素）
	Basis     string `json:"basis"`      // 公开依据
	TimeLimit string `json:"time_limit"` // 公开时限
	Subject   string `json:"subject"`    // 公开主体
	Channels  string `json:"channels"`   // 公开渠道和载体
	Audience  string `json:"audience"`   // 公开对象
	Mode      string `json:"mode"`       // 公开方式
	Tier      string `json:"tier"`       // 公开层级
	URL       string `json:"url"`
}

// Institution is a private school or training institution as published,
// its record's fields at the top level.
type Institution struct {
	ID        int64     `json:"id"`
	KindLabel string    `json:"kind_label"`           // 民办学校 / 校外培训机构
	ListLabel string    `json:"list_label,omitempty"` // 白名单 / 黑名单 / 未列入 (training)
	URL       string    `json:"url"`
	UpdatedAt time.Time `json:"updated_at"` // when this version was published
	institution.Record
}

// Tombstone identifies a thing that is no longer public: withdrawn,
// made non-public or targeted, or deleted.
type Tombstone struct {
	ID      int64  `json:"id"`
	IndexNo string `json:"index_no,omitempty"`
	Title   string `json:"title,omitempty"`
	Reason  string `json:"reason"` // withdrawn, not_public, deleted
}

// Absolute makes the relative addresses of a stored record (JSON) absolute
// under base and returns the record to send.
func Absolute(kind Kind, deleted bool, raw []byte, base string) (any, error) {
	base = strings.TrimRight(base, "/")
	abs := func(u *string) {
		if strings.HasPrefix(*u, "/") {
			*u = base + *u
		}
	}
	if deleted {
		var t Tombstone
		err := json.Unmarshal(raw, &t)
		return t, err
	}
	switch kind {
	case KindDocument:
		var d Document
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, err
		}
		abs(&d.URL)
		if d.ReplacedBy != nil {
			abs(&d.ReplacedBy.URL)
		}
		for i := range d.Interpretations {
			abs(&d.Interpretations[i].URL)
		}
		for i := range d.Attachments {
			abs(&d.Attachments[i].URL)
		}
		return d, nil
	case KindCatalogItem:
		var c CatalogItem
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, err
		}
		abs(&c.URL)
		return c, nil
	}
	var in Institution
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, err
	}
	abs(&in.URL)
	return in, nil
}
