package disclosure

import (
	"gongkai"
)

// Action is a move in the review workflow.
type Action string

const (
	ActSubmit Action = "submit" // author → reviewer
	ActPass   Action = "pass"   // reviewer passes the confidentiality review
	ActSign   Action = "sign"   // leader signs off: published
	ActReturn Action = "return" // reviewer or leader sends it back with reasons
	// ActWithdraw takes a published document off the portal (撤回: issued
	// by mistake, or must not stay public), by the office, with the reason.
	ActWithdraw Action = "withdraw"
)

// Label is the Chinese name of the action.
func (a Action) Label() string {
	switch a {
	case ActSubmit:
		return "提交审查"
	case ActPass:
		return "保密审查通过"
	case ActSign:
		return "签发并发布"
	case ActReturn:
		return "退回"
	case ActWithdraw:
		return "撤回（从门户网站撤下）"
	}
	return string(a)
}

// transitions is the workflow: from status, action → to status.
var transitions = map[Status]map[Action]Status{
	StatusDraft:     {ActSubmit: StatusSubmitted},
	StatusReturned:  {ActSubmit: StatusSubmitted},
	StatusSubmitted: {ActPass: StatusReviewed, ActReturn: StatusReturned},
	StatusReviewed:  {ActSign: StatusPublished, ActReturn: StatusReturned},
	StatusPublished: {ActWithdraw: StatusWithdrawn},
}

// Move is a requested move by someone.
type Move struct {
	From       Status
	Action     Action
	ActorID    int64
	AuthorID   int64
	Reason     string // required for returns
	ReviewerID int64  // who passed the review (for the sign-off)
}

// Transition validates a move and returns the new status. The reviewer is
// never the author; a return needs its reason.
func Transition(m Move) (Status, error) {
	to, ok := transitions[m.From][m.Action]
	if !ok {
		return "", gongkai.Errorf(gongkai.ECONFLICT, "文件当前状态为“%s”，不能%s", m.From.Label(), m.Action.Label())
	}
	if (m.Action == ActPass || (m.Action == ActReturn && m.From == StatusSubmitted)) && m.ActorID != 0 && m.ActorID == m.AuthorID {
		return "", gongkai.Errorf(gongkai.EFORBIDDEN, "保密审查员不能审查自己起草的文件（一事一审、审写分离）")
	}
	if m.Action == ActSign && m.ActorID != 0 && (m.ActorID == m.AuthorID || m.ActorID == m.ReviewerID) {
		return "", gongkai.Errorf(gongkai.EFORBIDDEN, "签发人不能是该文件的起草人或保密审查员")
	}
	if m.Action == ActReturn && len([]rune(trim(m.Reason))) < 2 {
		return "", gongkai.Errorf(gongkai.EINVALID, "退回时请写明退回理由（需要修改的地方）")
	}
	if m.Action == ActWithdraw && len([]rune(trim(m.Reason))) < 2 {
		return "", gongkai.Errorf(gongkai.EINVALID, "撤回时请写明原因（如：误发、内容有误需重新发布）")
	}
	return to, nil
}

// SignOff is what the leader's sign-off depends on.
type SignOff struct {
	Genre              string
	Major              bool
	Interpretations    int  // linked interpretations
	RiskAssessmentDone bool // recorded social-effect and opinion-risk assessment
	// Historical: imported from the old site, where it was signed and
	// published; held for review only for what the checks found, so the
	// rules of a new publication do not apply.
	Historical bool
}

// CheckSignOff applies 三同步 (no policy without its interpretation) and
// the major-policy rule (a recorded opinion-risk assessment first).
func CheckSignOff(s SignOff) error {
	if s.Historical {
		return nil
	}
	if IsPolicy(s.Genre) && s.Interpretations == 0 {
		return gongkai.Errorf(gongkai.ECONFLICT, "该文件属于“%s”，须先关联政策解读（文字、图解、视频、问答或访谈），才能签发（政策文件与解读同步）", s.Genre)
	}
	if s.Major && !s.RiskAssessmentDone {
		return gongkai.Errorf(gongkai.ECONFLICT, "该文件为重大政策，须先完成并记录社会效果和舆情风险评估，才能签发")
	}
	return nil
}

func trim(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
