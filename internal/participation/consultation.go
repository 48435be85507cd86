package participation

import (
	"slices"

	"gongkai"
	"gongkai/internal/workday"
)

// Status is the state of a consultation.
type Status string

const (
	StatusDraft     Status = "draft"     // being prepared, not public
	StatusOpen      Status = "open"      // published, accepting comments (within its dates)
	StatusClosed    Status = "closed"    // comment period over
	StatusDecided   Status = "decided"   // decision document issued; feedback report due
	StatusPublished Status = "published" // feedback report published
)

// Label is the status's Chinese name.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "草稿"
	case StatusOpen:
		return "正在征求意见"
	case StatusClosed:
		return "征求意见已结束"
	case StatusDecided:
		return "已作出决策，待反馈"
	case StatusPublished:
		return "已反馈采纳情况"
	}
	return string(s)
}

// Public reports whether the consultation shows on the portal.
func (s Status) Public() bool { return s != StatusDraft && s != "" }

var consultationMoves = map[Status][]Status{
	StatusDraft:   {StatusOpen},
	StatusOpen:    {StatusClosed},
	StatusClosed:  {StatusDecided},
	StatusDecided: {StatusPublished},
}

// CheckMove validates a status change of a consultation.
func CheckMove(from, to Status) error {
	if !slices.Contains(consultationMoves[from], to) {
		return gongkai.Errorf(gongkai.EINVALID, "征求意见状态不能从“%s”变为“%s”", from.Label(), to.Label())
	}
	return nil
}

// Channel is a channel through which the draft was made public.
type Channel string

// Channels lists the channels of 第十五条 and the usual others.
var Channels = []Channel{"website", "newmedia", "press", "reading", "newspaper", "radio", "tv"}

var channelLabels = map[Channel]string{
	"website": "政府网站", "newmedia": "政务新媒体", "press": "新闻发布会", "reading": "政务公开专区（查阅点）",
	"newspaper": "报刊", "radio": "广播", "tv": "电视",
}

// Label is the channel's Chinese name.
func (c Channel) Label() string {
	if l, ok := channelLabels[c]; ok {
		return l
	}
	return string(c)
}

// CheckChannels validates a channel list: known values, website required
// (the comment page lives there).
func CheckChannels(cs []Channel) error {
	for _, c := range cs {
		if _, ok := channelLabels[c]; !ok {
			return gongkai.Errorf(gongkai.EINVALID, "未知的发布渠道“%s”", c)
		}
	}
	if !slices.Contains(cs, "website") {
		return gongkai.Errorf(gongkai.EINVALID, "请至少勾选“政府网站”渠道：公众在网站上提交意见")
	}
	return nil
}

// Consultation is what the rules look at.
type Consultation struct {
	Title, Draft, Explanation string
	UnitID                    int64
	Major                     bool
	Opens, Closes             workday.Date
	ShortReason               string
	Channels                  []Channel
}

// Validate checks a consultation before it is saved and returns it trimmed.
func (c Consultation) Validate() (Consultation, error) {
	var err error
	if c.Title, err = checkName("标题", c.Title, 4, 200); err != nil {
		return c, err
	}
	if c.Draft, err = checkText("决策草案", c.Draft, 10, 100000); err != nil {
		return c, err
	}
	if c.Explanation, err = checkText("起草说明", c.Explanation, 10, 20000); err != nil {
		return c, err
	}
	if c.ShortReason, err = checkText("缩短期限的理由", c.ShortReason, 0, 500); err != nil {
		return c, err
	}
	if c.UnitID == 0 {
		return c, gongkai.Errorf(gongkai.EINVALID, "请选择决策承办单位")
	}
	if err := CheckChannels(c.Channels); err != nil {
		return c, err
	}
	return c, CheckPeriod(c.Opens, c.Closes, c.Major, c.ShortReason)
}

// Accepting reports whether comments are accepted on today.
func Accepting(status Status, opens, closes, today workday.Date) bool {
	return status == StatusOpen && !today.Before(opens) && !today.After(closes)
}

// InputKind is a form of offline participation.
type InputKind string

// InputKinds lists the offline forms.
var InputKinds = []InputKind{"symposium", "hearing", "visit", "survey"}

var inputLabels = map[InputKind]string{"symposium": "座谈会", "hearing": "听证会", "visit": "实地走访", "survey": "民意调查"}

// Label is the kind's Chinese name.
func (k InputKind) Label() string {
	if l, ok := inputLabels[k]; ok {
		return l
	}
	return string(k)
}

// Input is an offline input with its summary.
type Input struct {
	Kind         InputKind
	HeldOn       workday.Date
	Place        string
	Participants string
	Summary      string
}

// Validate checks an offline input recorded for a consultation that opened
// on opens.
func (in Input) Validate() (Input, error) {
	if _, ok := inputLabels[in.Kind]; !ok {
		return in, gongkai.Errorf(gongkai.EINVALID, "请选择形式：座谈会、听证会、实地走访或民意调查")
	}
	if in.HeldOn.IsZero() {
		return in, gongkai.Errorf(gongkai.EINVALID, "请填写举办日期")
	}
	var err error
	if in.Place, err = checkText("地点或范围", in.Place, 0, 200); err != nil {
		return in, err
	}
	if in.Participants, err = checkText("参加人员", in.Participants, 0, 1000); err != nil {
		return in, err
	}
	if in.Summary, err = checkText("意见摘要", in.Summary, 5, 10000); err != nil {
		return in, err
	}
	return in, nil
}

// Verdict is the answer to an opinion in the feedback report.
type Verdict string

const (
	Adopted    Verdict = "adopted"  // 采纳
	Partly     Verdict = "partly"   // 部分采纳
	NotAdopted Verdict = "rejected" // 不予采纳
)

// Verdicts lists the answers for forms.
var Verdicts = []Verdict{Adopted, Partly, NotAdopted}

// Label is the answer's Chinese name.
func (v Verdict) Label() string {
	switch v {
	case Adopted:
		return "采纳"
	case Partly:
		return "部分采纳"
	case NotAdopted:
		return "不予采纳"
	}
	return string(v)
}

// Badge is the CSS class of the answer.
func (v Verdict) Badge() string {
	switch v {
	case Adopted:
		return "ok"
	case Partly:
		return "warn"
	}
	return "bad"
}

// CheckAnswer validates an answer: a known verdict and a reason (required
// for partly and not adopted, which must say why).
func CheckAnswer(v Verdict, reason string) (string, error) {
	if v != Adopted && v != Partly && v != NotAdopted {
		return reason, gongkai.Errorf(gongkai.EINVALID, "请选择采纳情况：采纳、部分采纳或不予采纳")
	}
	min := 0
	if v != Adopted {
		min = 2
	}
	return checkText("理由说明", reason, min, 2000)
}
