package request

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/workday"
)

// Receipt is what the applicant keeps (申请回执): the code and secret to
// look the application up, what was asked, and the statutory due date with
// how it is counted. It is shown after the application, printed, and
// optionally e-mailed; the secret is in it only at that moment (and on the
// tracking page to whoever typed it), never stored in clear.
type Receipt struct {
	Org         string // the bureau (letterhead)
	Code        string
	Secret      string // printed form (K7Q2M-XW3RP); empty when not known
	Submitted   time.Time
	Channel     Channel
	Description string
	Form        Form
	State       State
	ReceivedOn  workday.Date // zero while the receipt date waits for confirmation
	DueOn       workday.Date
	IfToday     workday.Date // not yet confirmed: the due date if confirmed today
	Today       workday.Date
	Counting    []string // how the due date is counted, articles cited
	TrackURL    string   // absolute address of the tracking page
}

// NewReceipt builds the receipt of a record from its clock. ifToday is the
// due date counted from today (for an application whose receipt date is
// not yet confirmed).
func NewReceipt(org string, r Record, c Clock, secret string, today, ifToday workday.Date, trackURL string) Receipt {
	rc := Receipt{Org: org, Code: r.Code, Secret: secret, Submitted: r.SubmittedAt, Channel: r.Application.Channel,
		Description: r.Application.Description, Form: r.Application.Form, State: r.State, ReceivedOn: r.ReceivedOn, DueOn: r.DueOn,
		Today: today, TrackURL: trackURL}
	if r.ReceivedOn.IsZero() {
		rc.IfToday = ifToday
		rc.Counting = append(rc.Counting,
			fmt.Sprintf("收到申请之日：您通过%s提交的申请，%s。我们将与您确认。", r.Application.Channel.Label(), r.Application.Channel.Rule()),
			fmt.Sprintf("答复期限：自收到申请之日起 %d 个工作日内答复（第三十三条第二款）。如于今天（%s）确认收到，答复期限为 %s。", ReplyDays, today, ifToday))
	} else {
		rc.Counting = append(rc.Counting,
			fmt.Sprintf("收到申请之日：%s（%s）。", r.ReceivedOn, r.Application.Channel.Rule()),
			fmt.Sprintf("答复期限：%s，即自收到申请之日起 %d 个工作日（第三十三条第二款）。", r.DueOn, ReplyDays))
		if c.ExtensionDays > 0 || len(c.Steps) > 1 {
			for _, s := range c.Steps[1:] {
				rc.Counting = append(rc.Counting, s.Text+"。")
			}
		}
	}
	rc.Counting = append(rc.Counting,
		"工作日从收到申请之日的次日起算，不含周六、周日和法定节假日；国务院通知调休上班的周末计入。",
		fmt.Sprintf("申请内容需要补正的，将在收到申请之日起 %d 个工作日内一次性告知，答复期限自收到补正后的申请之日起重新计算（第三十条）。", CorrectionNoticeDays),
		fmt.Sprintf("需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，延长最长不超过 %d 个工作日（第三十三条第二款）；征求第三方和其他机关意见所需时间不计算在答复期限内（第三十三条第三款）。", MaxExtensionDays))
	return rc
}

// DueText is the due date as the receipt states it.
func (r Receipt) DueText() string {
	if r.ReceivedOn.IsZero() {
		return fmt.Sprintf("收到申请之日起 %d 个工作日内（如今天确认收到：%s）", ReplyDays, r.IfToday)
	}
	return r.DueOn.String()
}

// Mail is the receipt as an e-mail: subject and plain-text body. It holds
// the secret: send it only to the address the applicant gave.
func (r Receipt) Mail() (subject, body string) {
	subject = "政府信息公开申请回执 " + r.Code
	var b strings.Builder
	fmt.Fprintf(&b, "您好！%s已收到您提交的政府信息公开申请，回执如下：\n\n", r.Org)
	fmt.Fprintf(&b, "查询码：%s\n", r.Code)
	if r.Secret != "" {
		fmt.Fprintf(&b, "查询密码：%s（不区分大小写，请妥善保存，不要告诉他人）\n", r.Secret)
	}
	fmt.Fprintf(&b, "提交时间：%s\n", r.Submitted.In(chinaTime).Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "所需信息：%s\n", r.Description)
	fmt.Fprintf(&b, "答复期限：%s\n\n", r.DueText())
	b.WriteString("期限的计算（《中华人民共和国政府信息公开条例》）：\n")
	for _, c := range r.Counting {
		fmt.Fprintf(&b, "- %s\n", c)
	}
	if r.TrackURL != "" {
		fmt.Fprintf(&b, "\n凭查询码和查询密码查询办理进度：%s\n", r.TrackURL)
	}
	fmt.Fprintf(&b, "\n%s\n（本邮件由系统发出，请勿直接回复）\n", r.Org)
	return subject, b.String()
}

// chinaTime is China Standard Time (no daylight saving).
var chinaTime = time.FixedZone("CST", 8*3600)
