package request

import (
	"fmt"

	"gongkai"
	"gongkai/internal/workday"
)

// Statutory periods in working days (条例第三十条、第三十二条至第三十四条; 收费通知
// per the provincial restatement of 国办函〔2020〕109号, reference §1.8).
const (
	ReplyDays             = 20 // 第三十三条第二款
	MaxExtensionDays      = 20 // 第三十三条第二款
	CorrectionNoticeDays  = 7  // 第三十条
	DefaultCorrectionDays = 15 // the agency sets «合理的补正期限»; our default when none is given
	ConsultationDays      = 15 // 第三十二条、第三十四条
	FeePaymentDays        = 20 // provincial restatement; pauses the clock (see doc.go)
)

// EventType is a step in the life of a request that moves its clock.
type EventType string

// Event types. The first eight are those of the API contract; the fee
// events are our addition around it.
const (
	EvReceived            EventType = "received"
	EvCorrectionRequested EventType = "correction_requested"
	EvCorrectionReceived  EventType = "correction_received"
	EvExtended            EventType = "extended"
	EvConsultationStarted EventType = "consultation_started"
	EvConsultationEnded   EventType = "consultation_ended"
	EvReplied             EventType = "replied"
	EvAbandoned           EventType = "abandoned"
	EvFeeNotified         EventType = "fee_notified"
	EvFeePaid             EventType = "fee_paid"
)

var eventLabels = map[EventType]string{
	EvReceived:            "确认收到申请",
	EvCorrectionRequested: "告知补正",
	EvCorrectionReceived:  "收到补正申请",
	EvExtended:            "延长答复期限",
	EvConsultationStarted: "开始征求意见",
	EvConsultationEnded:   "征求意见结束",
	EvReplied:             "作出答复",
	EvAbandoned:           "视为放弃申请",
	EvFeeNotified:         "发出收费通知",
	EvFeePaid:             "申请人缴费",
}

// Label is the event's Chinese name.
func (t EventType) Label() string {
	if l, ok := eventLabels[t]; ok {
		return l
	}
	return string(t)
}

// EventTypes returns every event type.
func EventTypes() []EventType {
	out := make([]EventType, 0, len(eventLabels))
	for t := range eventLabels {
		out = append(out, t)
	}
	return out
}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { _, ok := eventLabels[t]; return ok }

// Party is whom a consultation asks.
type Party string

// Consulted parties.
const (
	ThirdParty Party = "third_party" // 第三十二条
	Agency     Party = "agency"      // 第三十四条
)

// Label is the party's name.
func (p Party) Label() string {
	if p == Agency {
		return "其他机关"
	}
	return "第三方"
}

// Event is one clock-moving fact. On is the civil date it happened.
type Event struct {
	Type       EventType    `json:"type"`
	On         workday.Date `json:"on"`
	Workdays   int          `json:"workdays,omitempty"`    // extension length; correction period when Deadline is empty
	Deadline   workday.Date `json:"deadline,omitempty"`    // correction deadline set for the applicant
	Outcome    Outcome      `json:"outcome,omitempty"`     // replied
	ApprovedBy string       `json:"approved_by,omitempty"` // extended: the leader who approved
	Notified   bool         `json:"notified,omitempty"`    // extended: the applicant was told
	Party      Party        `json:"party,omitempty"`       // consultation_started
	Amount     int64        `json:"amount,omitempty"`      // fee_notified: yuan
	Note       string       `json:"note,omitempty"`
}

// State is where a request stands.
type State string

// States.
const (
	Submitted  State = "submitted"  // arrived, receipt not yet confirmed
	Processing State = "processing" // clock running
	Correction State = "correction" // waiting for the corrected application
	Consulting State = "consulting" // clock paused: third party or other agency
	AwaitFee   State = "awaiting_fee"
	Replied    State = "replied"
	Abandoned  State = "abandoned"
)

var stateLabels = map[State]string{
	Submitted:  "待确认收到",
	Processing: "办理中",
	Correction: "待补正",
	Consulting: "征求意见中",
	AwaitFee:   "待缴费",
	Replied:    "已答复",
	Abandoned:  "视为放弃",
}

// Label is the state's Chinese name.
func (s State) Label() string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Closed reports whether the request is finished (replied or abandoned).
func (s State) Closed() bool { return s == Replied || s == Abandoned }

// Step is one line of the due date's derivation.
type Step struct {
	On   workday.Date `json:"on"`
	Text string       `json:"text"`
	Due  workday.Date `json:"due,omitempty"` // the reply due date after this step
}

type pause struct {
	From, To workday.Date // working days in (From, To] are not counted
}

// Clock is the state of a request's statutory clock after a sequence of
// events. Build it with Replay; it is a value, safe to copy.
type Clock struct {
	State              State        `json:"state"`
	ReceivedOn         workday.Date `json:"received_on"`          // first receipt (第三十一条)
	StartOn            workday.Date `json:"start_on"`             // the 20 days count from here (receipt or corrected application)
	DueOn              workday.Date `json:"due_on"`               // reply due; while paused, the latest it can be
	CorrectionNoticeBy workday.Date `json:"correction_notice_by"` // 补正告知 must go out by
	CorrectionBy       workday.Date `json:"correction_by"`        // the applicant's correction deadline
	PausedUntil        workday.Date `json:"paused_until"`         // consultation or fee payment limit
	ExtensionDays      int          `json:"extension_days"`
	ClosedOn           workday.Date `json:"closed_on"`
	Outcome            Outcome      `json:"outcome"`
	Corrected          bool         `json:"corrected"`
	Steps              []Step       `json:"steps"`
	Warnings           []string     `json:"warnings"`

	last       workday.Date
	pauses     []pause
	open       *pause // the running pause: From and its cap in To
	openParty  Party
	correction bool // a correction was requested (only once, 第三十条 «一次性»)
}

// Replay runs events in order from a new submission and returns the clock,
// or the first error (a Chinese message naming the event).
func Replay(cal *workday.Calendar, events []Event) (Clock, error) {
	c := Clock{State: Submitted}
	for i, ev := range events {
		next, err := c.Apply(cal, ev)
		if err != nil {
			return c, fmt.Errorf("第%d个事件（%s）：%w", i+1, ev.Type.Label(), err)
		}
		c = next
	}
	return c, nil
}

func invalid(format string, args ...any) error {
	return gongkai.Errorf(gongkai.EINVALID, format, args...)
}

// Apply validates ev against the clock and returns the clock after it. The
// receiver is not changed. Errors are *gongkai.Error with code EINVALID
// and a message saying what to fix.
func (c Clock) Apply(cal *workday.Calendar, ev Event) (Clock, error) {
	if !ev.Type.Valid() {
		return c, invalid("未知的事件类型“%s”", ev.Type)
	}
	if !ev.On.IsValid() {
		return c, invalid("请填写事件日期（YYYY-MM-DD）")
	}
	if c.State.Closed() {
		return c, invalid("申请已%s（%s），不能再登记“%s”", c.State.Label(), c.ClosedOn, ev.Type.Label())
	}
	if ev.Type != EvReceived {
		if c.State == Submitted {
			return c, invalid("尚未确认收到申请，不能登记“%s”，请先登记“确认收到申请”", ev.Type.Label())
		}
		if ev.On.Before(c.ReceivedOn) {
			return c, invalid("日期 %s 早于收到申请之日 %s", ev.On, c.ReceivedOn)
		}
		if ev.On.Before(c.last) {
			return c, invalid("日期 %s 早于上一事件的日期 %s，请按发生顺序登记", ev.On, c.last)
		}
	}
	c.Steps = append([]Step(nil), c.Steps...)
	c.Warnings = append([]string(nil), c.Warnings...)
	c.pauses = append([]pause(nil), c.pauses...)
	if c.open != nil {
		p := *c.open
		c.open = &p
	}
	var err error
	switch ev.Type {
	case EvReceived:
		err = c.received(cal, ev)
	case EvCorrectionRequested:
		err = c.correctionRequested(cal, ev)
	case EvCorrectionReceived:
		err = c.correctionReceived(cal, ev)
	case EvExtended:
		err = c.extended(cal, ev)
	case EvConsultationStarted:
		err = c.consultationStarted(cal, ev)
	case EvConsultationEnded:
		err = c.consultationEnded(cal, ev)
	case EvFeeNotified:
		err = c.feeNotified(cal, ev)
	case EvFeePaid:
		err = c.feePaid(cal, ev)
	case EvReplied:
		err = c.replied(ev)
	case EvAbandoned:
		err = c.abandoned(ev)
	}
	if err != nil {
		return c, err
	}
	c.last = ev.On
	return c, nil
}

func (c *Clock) step(on workday.Date, format string, args ...any) {
	c.Steps = append(c.Steps, Step{On: on, Text: fmt.Sprintf(format, args...), Due: c.DueOn})
}

func (c *Clock) add(cal *workday.Calendar, from workday.Date, n int) (workday.Date, error) {
	r, err := cal.AddWorkdays(from, n)
	if err != nil {
		return workday.Date{}, invalid("%s", err.Error())
	}
	for _, w := range r.Warnings {
		if !contains(c.Warnings, w) {
			c.Warnings = append(c.Warnings, w)
		}
	}
	return r.Due, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// budget is the working days allowed for the reply.
func (c *Clock) budget() int { return ReplyDays + c.ExtensionDays }

// used is the number of counted working days from StartOn through on,
// leaving out the closed pauses.
func (c *Clock) used(cal *workday.Calendar, on workday.Date) int {
	n, cursor := 0, c.StartOn
	for _, p := range c.pauses {
		if !p.From.Before(on) {
			break
		}
		n += cal.WorkdaysBetween(cursor, p.From)
		cursor = p.To
	}
	if on.After(cursor) {
		n += cal.WorkdaysBetween(cursor, on)
	}
	return n
}

// recompute sets DueOn from StartOn, the budget and the pauses (the open
// pause counted up to its cap).
func (c *Clock) recompute(cal *workday.Calendar) error {
	all := c.pauses
	if c.open != nil {
		all = append(append([]pause(nil), c.pauses...), *c.open)
	}
	budget, used, cursor := c.budget(), 0, c.StartOn
	for _, p := range all {
		n := cal.WorkdaysBetween(cursor, p.From)
		if used+n >= budget {
			break // the pause began after the due date
		}
		used += n
		if p.To.After(cursor) {
			cursor = p.To
		}
	}
	due, err := c.add(cal, cursor, budget-used)
	if err != nil {
		return err
	}
	c.DueOn = due
	return nil
}

func (c *Clock) received(cal *workday.Calendar, ev Event) error {
	if c.State != Submitted {
		return invalid("已于 %s 确认收到申请，不能重复登记", c.ReceivedOn)
	}
	c.State = Processing
	c.ReceivedOn, c.StartOn = ev.On, ev.On
	var err error
	if c.CorrectionNoticeBy, err = c.add(cal, ev.On, CorrectionNoticeDays); err != nil {
		return err
	}
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 收到申请（第三十一条），答复期限自收到申请之日起算 %d 个工作日：%s + %d 个工作日 = %s；如需补正，应于 %s 前一次性告知（第三十条，%d 个工作日）",
		ev.On, ReplyDays, ev.On, ReplyDays, c.DueOn, c.CorrectionNoticeBy, CorrectionNoticeDays)
	return nil
}

func (c *Clock) correctionRequested(cal *workday.Calendar, ev Event) error {
	switch {
	case c.State != Processing:
		return invalid("当前状态为“%s”，只有办理中的申请才能告知补正", c.State.Label())
	case c.correction:
		return invalid("补正应一次性告知（第三十条），本申请已告知过补正")
	case c.ExtensionDays > 0 || len(c.pauses) > 0:
		return invalid("已延期或征求过意见的申请不能再告知补正")
	}
	deadline := ev.Deadline
	if deadline.IsZero() {
		n := ev.Workdays
		if n == 0 {
			n = DefaultCorrectionDays
		}
		if n < 1 || n > 60 {
			return invalid("补正期限 %d 个工作日不合理，请填写 1 到 60 之间的工作日数", n)
		}
		var err error
		if deadline, err = c.add(cal, ev.On, n); err != nil {
			return err
		}
	} else if !deadline.After(ev.On) {
		return invalid("补正期限 %s 应晚于告知日期 %s", deadline, ev.On)
	}
	c.correction = true
	c.State = Correction
	c.CorrectionBy = deadline
	c.DueOn = workday.Date{}
	late := ""
	if ev.On.After(c.CorrectionNoticeBy) {
		late = fmt.Sprintf("（注意：晚于法定告知期限 %s）", c.CorrectionNoticeBy)
		c.Warnings = append(c.Warnings, "补正告知晚于收到申请之日起7个工作日"+late)
	}
	c.step(ev.On, "%s 一次性告知补正%s，补正期限至 %s；答复期限自收到补正申请之日起重新计算", ev.On, late, deadline)
	return nil
}

func (c *Clock) correctionReceived(cal *workday.Calendar, ev Event) error {
	if c.State != Correction {
		return invalid("当前状态为“%s”，没有待补正的事项", c.State.Label())
	}
	if ev.On.After(c.CorrectionBy) {
		c.Warnings = append(c.Warnings, fmt.Sprintf("补正申请于 %s 收到，晚于补正期限 %s", ev.On, c.CorrectionBy))
	}
	c.State = Processing
	c.Corrected = true
	c.StartOn = ev.On
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 收到补正后的申请，答复期限重新起算：%s + %d 个工作日 = %s（第三十条）", ev.On, ev.On, ReplyDays, c.DueOn)
	return nil
}

func (c *Clock) extended(cal *workday.Calendar, ev Event) error {
	switch {
	case c.State != Processing && c.State != Consulting && c.State != AwaitFee:
		return invalid("当前状态为“%s”，不能延期", c.State.Label())
	case ev.Workdays < 1:
		return invalid("请填写延长的工作日数（1 到 %d）", MaxExtensionDays)
	case c.ExtensionDays+ev.Workdays > MaxExtensionDays:
		return invalid("延长的期限最长不得超过 %d 个工作日（第三十三条），已延长 %d 个工作日，本次最多还能延长 %d 个工作日",
			MaxExtensionDays, c.ExtensionDays, MaxExtensionDays-c.ExtensionDays)
	case ev.ApprovedBy == "":
		return invalid("延期须经政府信息公开工作机构负责人同意（第三十三条），请填写批准的负责人")
	case !ev.Notified:
		return invalid("延期须告知申请人（第三十三条），请先告知申请人并勾选“已告知申请人”")
	case ev.On.After(c.DueOn):
		return invalid("答复期限已于 %s 届满，%s 不能再延期", c.DueOn, ev.On)
	}
	old := c.DueOn
	c.ExtensionDays += ev.Workdays
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 经负责人 %s 同意延长 %d 个工作日并告知申请人（第三十三条），答复期限由 %s 延至 %s", ev.On, ev.ApprovedBy, ev.Workdays, old, c.DueOn)
	return nil
}

func (c *Clock) consultationStarted(cal *workday.Calendar, ev Event) error {
	if c.State != Processing {
		return invalid("当前状态为“%s”，只有办理中的申请才能开始征求意见", c.State.Label())
	}
	if ev.Party != ThirdParty && ev.Party != Agency {
		return invalid("请说明征求谁的意见：third_party（第三方）或 agency（其他机关）")
	}
	if ev.On.After(c.DueOn) {
		return invalid("答复期限已于 %s 届满，%s 才征求意见不能中止计算期限", c.DueOn, ev.On)
	}
	limit, err := c.add(cal, ev.On, ConsultationDays)
	if err != nil {
		return err
	}
	used := c.used(cal, ev.On)
	c.open = &pause{From: ev.On, To: limit}
	c.openParty = ev.Party
	c.State = Consulting
	c.PausedUntil = limit
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 书面征求%s意见（第三十二条、第三十四条），对方应于 %d 个工作日内（%s 前）提出意见；征求意见时间不计入答复期限，此前已用 %d 个工作日、尚余 %d 个；若对方到期才答复，答复期限最迟为 %s",
		ev.On, ev.Party.Label(), ConsultationDays, limit, used, c.budget()-used, c.DueOn)
	return nil
}

func (c *Clock) consultationEnded(cal *workday.Calendar, ev Event) error {
	if c.State != Consulting || c.open == nil {
		return invalid("没有进行中的征求意见")
	}
	end := ev.On
	note := ""
	if end.After(c.open.To) {
		end = c.open.To
		note = fmt.Sprintf("；对方逾期（期限 %s），逾期部分计入答复期限", c.open.To)
	}
	c.pauses = append(c.pauses, pause{From: c.open.From, To: end})
	c.open = nil
	c.State = Processing
	c.PausedUntil = workday.Date{}
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 收到%s意见，征求意见结束%s；剩余 %d 个工作日自 %s 次日起继续计算，答复期限为 %s",
		ev.On, c.openPartyLabel(), note, c.budget()-c.used(cal, end), end, c.DueOn)
	return nil
}

func (c *Clock) openPartyLabel() string { return c.openParty.Label() }

func (c *Clock) feeNotified(cal *workday.Calendar, ev Event) error {
	if c.State != Processing {
		return invalid("当前状态为“%s”，只有办理中的申请才能发出收费通知", c.State.Label())
	}
	if ev.On.After(c.DueOn) {
		return invalid("收费通知应在答复期限（%s）内发出", c.DueOn)
	}
	if ev.Amount <= 0 {
		return invalid("请填写收费金额（元，正整数）")
	}
	limit, err := c.add(cal, ev.On, FeePaymentDays)
	if err != nil {
		return err
	}
	c.open = &pause{From: ev.On, To: limit}
	c.State = AwaitFee
	c.PausedUntil = limit
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 发出收费通知（%d 元），申请人应于 %d 个工作日内（%s 前）缴纳，逾期视为放弃；缴费期间不计入答复期限，若到期缴费，答复期限最迟为 %s",
		ev.On, ev.Amount, FeePaymentDays, limit, c.DueOn)
	return nil
}

func (c *Clock) feePaid(cal *workday.Calendar, ev Event) error {
	if c.State != AwaitFee || c.open == nil {
		return invalid("没有待缴纳的信息处理费")
	}
	if ev.On.After(c.open.To) {
		return invalid("缴费期限已于 %s 届满，%s 缴费已逾期，应登记“视为放弃申请”", c.open.To, ev.On)
	}
	c.pauses = append(c.pauses, *c.open)
	c.pauses[len(c.pauses)-1].To = ev.On
	c.open = nil
	c.State = Processing
	c.PausedUntil = workday.Date{}
	if err := c.recompute(cal); err != nil {
		return err
	}
	c.step(ev.On, "%s 申请人缴费，答复期限继续计算，为 %s", ev.On, c.DueOn)
	return nil
}

func (c *Clock) replied(ev Event) error {
	switch {
	case !ev.Outcome.Valid():
		return invalid("办理结果“%s”不在年度报告表三的结果之列", ev.Outcome)
	case !ev.Outcome.ByReply():
		return invalid("“%s”不是答复结果，请登记“视为放弃申请”", ev.Outcome.Label())
	case c.State == Correction:
		return invalid("申请正在等待补正（期限 %s），补正后或视为放弃后才能办结", c.CorrectionBy)
	case c.State == Consulting:
		return invalid("征求意见尚未结束，请先登记“征求意见结束”")
	case c.State == AwaitFee:
		return invalid("申请人尚未缴费，请先登记缴费或视为放弃")
	}
	c.State = Replied
	c.Outcome = ev.Outcome
	c.ClosedOn = ev.On
	late := "，在期限内"
	if ev.On.After(c.DueOn) {
		late = fmt.Sprintf("，超过答复期限 %s", c.DueOn)
		c.Warnings = append(c.Warnings, "答复晚于答复期限 "+c.DueOn.String())
	}
	c.step(ev.On, "%s 作出答复：%s%s", ev.On, ev.Outcome.Label(), late)
	return nil
}

func (c *Clock) abandoned(ev Event) error {
	switch c.State {
	case Correction:
		if !ev.On.After(c.CorrectionBy) {
			return invalid("补正期限 %s 尚未届满，期满后（%s 起）才能视为放弃", c.CorrectionBy, c.CorrectionBy.AddDays(1))
		}
		c.Outcome = OtherNoCorrection
	case AwaitFee:
		if !ev.On.After(c.PausedUntil) {
			return invalid("缴费期限 %s 尚未届满，期满后（%s 起）才能视为放弃", c.PausedUntil, c.PausedUntil.AddDays(1))
		}
		c.Outcome = OtherNoFee
		c.open = nil
	default:
		return invalid("只有逾期不补正或逾期未缴费的申请才能视为放弃（当前状态：%s）", c.State.Label())
	}
	c.State = Abandoned
	c.ClosedOn = ev.On
	c.DueOn = workday.Date{}
	c.PausedUntil = workday.Date{}
	c.step(ev.On, "%s 视为放弃申请，不再处理：%s", ev.On, c.Outcome.Label())
	return nil
}

// Overdue reports whether the reply is late on today.
func (c Clock) Overdue(today workday.Date) bool {
	return !c.State.Closed() && !c.DueOn.IsZero() && c.State != Correction && today.After(c.DueOn)
}

// RemainingWorkdays is the number of working days from today to the due
// date (negative when overdue); ok is false when no reply clock runs.
func (c Clock) RemainingWorkdays(cal *workday.Calendar, today workday.Date) (int, bool) {
	if c.State.Closed() || c.DueOn.IsZero() || c.State == Correction || c.State == Submitted {
		return 0, false
	}
	return cal.WorkdaysBetween(today, c.DueOn), true
}
