package participation

import (
	"net/url"
	"strings"

	"gongkai"
)

// Limits of the public forms, in characters.
const (
	MaxNameChars    = 40
	MaxCommentChars = 2000
	MaxMessageChars = 3000
	MaxTitleChars   = 100
	MaxContactChars = 100
	MaxURLChars     = 500
)

// HoneypotField is the name of the hidden field that people leave empty
// and form-filling robots do not.
const HoneypotField = "website"

// ErrRobot is returned when the honeypot was filled. Handlers answer as if
// the submission succeeded, so the robot learns nothing.
var ErrRobot = gongkai.Errorf(gongkai.EINVALID, "提交未通过校验")

// Comment is a citizen's comment on a consultation, as submitted.
type Comment struct {
	Name    string
	Content string
}

// CheckComment validates a public comment. honeypot is the hidden field.
func CheckComment(c Comment, honeypot string) (Comment, error) {
	if strings.TrimSpace(honeypot) != "" {
		return c, ErrRobot
	}
	var err error
	if c.Name, err = checkName("称呼", c.Name, 0, MaxNameChars); err != nil {
		return c, err
	}
	if c.Content, err = checkText("意见内容", c.Content, 5, MaxCommentChars); err != nil {
		return c, err
	}
	return c, nil
}

// MessageKind tells a message from an error report.
type MessageKind string

const (
	KindMessage MessageKind = "message" // 网民留言
	KindError   MessageKind = "error"   // 我为政府网站找错
)

// Label is the kind's Chinese name.
func (k MessageKind) Label() string {
	if k == KindError {
		return "我为政府网站找错"
	}
	return "网民留言"
}

// Message is a message or error report, as submitted.
type Message struct {
	Kind    MessageKind
	Title   string
	Content string
	Name    string
	Contact string
	PageURL string // the page with the error (error reports)
}

// CheckMessage validates a public message. honeypot is the hidden field.
func CheckMessage(m Message, honeypot string) (Message, error) {
	if strings.TrimSpace(honeypot) != "" {
		return m, ErrRobot
	}
	if m.Kind != KindMessage && m.Kind != KindError {
		m.Kind = KindMessage
	}
	var err error
	if m.Title, err = checkName("标题", m.Title, 2, MaxTitleChars); err != nil {
		return m, err
	}
	if m.Content, err = checkText("内容", m.Content, 5, MaxMessageChars); err != nil {
		return m, err
	}
	if m.Name, err = checkName("姓名或称呼", m.Name, 0, MaxNameChars); err != nil {
		return m, err
	}
	if m.Contact, err = checkName("联系方式", m.Contact, 0, MaxContactChars); err != nil {
		return m, err
	}
	if m.PageURL, err = checkName("出错页面地址", m.PageURL, 0, MaxURLChars); err != nil {
		return m, err
	}
	if m.Kind == KindError {
		if m.PageURL == "" {
			return m, gongkai.Errorf(gongkai.EINVALID, "请填写出错页面的网址，便于我们核实")
		}
		u, err := url.Parse(m.PageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && !strings.HasPrefix(m.PageURL, "/")) {
			return m, gongkai.Errorf(gongkai.EINVALID, "出错页面地址应以 http:// 或 https:// 开头")
		}
	}
	return m, nil
}

// MessageStatus is the state of a message.
type MessageStatus string

const (
	MsgReceived  MessageStatus = "received"  // 已受理, waiting for routing
	MsgAssigned  MessageStatus = "assigned"  // 已转办 to a unit
	MsgReplied   MessageStatus = "replied"   // 已答复, not yet public
	MsgPublished MessageStatus = "published" // 已公开 with its reply
	MsgInvalid   MessageStatus = "invalid"   // 无效留言 (spam, abuse, duplicate)
)

// Label is the status's Chinese name.
func (s MessageStatus) Label() string {
	switch s {
	case MsgReceived:
		return "待转办"
	case MsgAssigned:
		return "办理中"
	case MsgReplied:
		return "已答复"
	case MsgPublished:
		return "已公开"
	case MsgInvalid:
		return "无效留言"
	}
	return string(s)
}

// Answered reports whether the message has its reply.
func (s MessageStatus) Answered() bool { return s == MsgReplied || s == MsgPublished }

var messageMoves = map[MessageStatus][]MessageStatus{
	MsgReceived: {MsgAssigned, MsgReplied, MsgInvalid},
	MsgAssigned: {MsgAssigned, MsgReplied, MsgInvalid},
	MsgReplied:  {MsgPublished},
}

// CheckMessageMove validates a status change of a message.
func CheckMessageMove(from, to MessageStatus) error {
	for _, x := range messageMoves[from] {
		if x == to {
			return nil
		}
	}
	return gongkai.Errorf(gongkai.EINVALID, "留言状态不能从“%s”变为“%s”", from.Label(), to.Label())
}

// CheckReply validates a reply text.
func CheckReply(reply string) (string, error) { return checkText("答复内容", reply, 5, 10000) }
