// Package request is the domain of disclosure on request (依申请公开): the
// applicant and outcome taxonomies of the national annual-report format,
// the statutory clock in working days, processing fees, the annual
// report's tables, and who may see, handle and record events on a request
// (access.go). Everything here is pure: no I/O, no clock of its own.
package request

// Outcome is the result of a request: exactly one leaf row of table 三 of
// the annual report (国办公开办函〔2021〕30号). The codes are the row codes of
// `gongkai report annual --format json` and of the API.
type Outcome string

// The 22 leaf outcomes, in the order of table 三.
const (
	Disclosed                Outcome = "disclosed"
	Partial                  Outcome = "partial"
	WithheldStateSecret      Outcome = "withheld_state_secret"
	WithheldLaw              Outcome = "withheld_law"
	WithheldSecurity         Outcome = "withheld_security"
	WithheldThirdParty       Outcome = "withheld_third_party"
	WithheldInternal         Outcome = "withheld_internal"
	WithheldProcess          Outcome = "withheld_process"
	WithheldEnforcement      Outcome = "withheld_enforcement"
	WithheldQuery            Outcome = "withheld_query"
	UnavailableNotHeld       Outcome = "unavailable_not_held"
	UnavailableNeedsCreation Outcome = "unavailable_needs_creation"
	UnavailableUnclear       Outcome = "unavailable_unclear"
	RejectedPetition         Outcome = "rejected_petition"
	RejectedDuplicate        Outcome = "rejected_duplicate"
	RejectedPublication      Outcome = "rejected_publication"
	RejectedExcessive        Outcome = "rejected_excessive"
	RejectedConfirmation     Outcome = "rejected_confirmation"
	OtherNoCorrection        Outcome = "other_no_correction"
	OtherNoFee               Outcome = "other_no_fee"
	Other                    Outcome = "other"
)

// OutcomeInfo describes one leaf row: its group in table 三 and its label,
// verbatim from the national format.
type OutcomeInfo struct {
	Code  Outcome
	Group string // （一）予以公开 … （六）其他处理
	Label string // the row label (for （一）（二） the group label itself)
	Basis string // the usual legal basis, proposed in the reply draft
}

// Outcomes lists the leaf rows in table order.
var Outcomes = []OutcomeInfo{
	{Disclosed, "（一）予以公开", "（一）予以公开", "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项"},
	{Partial, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "《中华人民共和国政府信息公开条例》第三十七条"},
	{WithheldStateSecret, "（三）不予公开", "1.属于国家秘密", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"},
	{WithheldLaw, "（三）不予公开", "2.其他法律行政法规禁止公开", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"},
	{WithheldSecurity, "（三）不予公开", "3.危及“三安全一稳定”", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"},
	{WithheldThirdParty, "（三）不予公开", "4.保护第三方合法权益", "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项"},
	{WithheldInternal, "（三）不予公开", "5.属于三类内部事务信息", "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项"},
	{WithheldProcess, "（三）不予公开", "6.属于四类过程性信息", "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项"},
	{WithheldEnforcement, "（三）不予公开", "7.属于行政执法案卷", "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项"},
	{WithheldQuery, "（三）不予公开", "8.属于行政查询事项", "《中华人民共和国政府信息公开条例》第三十六条第（七）项"},
	{UnavailableNotHeld, "（四）无法提供", "1.本机关不掌握相关政府信息", "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项"},
	{UnavailableNeedsCreation, "（四）无法提供", "2.没有现成信息需要另行制作", "《中华人民共和国政府信息公开条例》第三十八条"},
	{UnavailableUnclear, "（四）无法提供", "3.补正后申请内容仍不明确", "《中华人民共和国政府信息公开条例》第三十条"},
	{RejectedPetition, "（五）不予处理", "1.信访举报投诉类申请", "《中华人民共和国政府信息公开条例》第三十九条第一款"},
	{RejectedDuplicate, "（五）不予处理", "2.重复申请", "《中华人民共和国政府信息公开条例》第三十六条第（六）项"},
	{RejectedPublication, "（五）不予处理", "3.要求提供公开出版物", "《中华人民共和国政府信息公开条例》第三十九条第二款"},
	{RejectedExcessive, "（五）不予处理", "4.无正当理由大量反复申请", "《中华人民共和国政府信息公开条例》第三十五条"},
	{RejectedConfirmation, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "《中华人民共和国政府信息公开条例》第三十九条"},
	{OtherNoCorrection, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "《中华人民共和国政府信息公开条例》第三十条"},
	{OtherNoFee, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"},
	{Other, "（六）其他处理", "3.其他", ""},
}

var outcomeIndex = func() map[Outcome]int {
	m := make(map[Outcome]int, len(Outcomes))
	for i, o := range Outcomes {
		m[o.Code] = i
	}
	return m
}()

// Valid reports whether o is one of the 22 leaf rows.
func (o Outcome) Valid() bool { _, ok := outcomeIndex[o]; return ok }

// Info returns the row of o; ok is false for an unknown code.
func (o Outcome) Info() (OutcomeInfo, bool) {
	i, ok := outcomeIndex[o]
	if !ok {
		return OutcomeInfo{}, false
	}
	return Outcomes[i], true
}

// Label is the group and row label of o, as shown to users.
func (o Outcome) Label() string {
	in, ok := o.Info()
	if !ok {
		return string(o)
	}
	if in.Group == in.Label {
		return in.Label
	}
	return in.Group + " " + in.Label
}

// ByReply reports whether the outcome is given by a reply (答复), as
// opposed to the two abandonment rows, which follow from the applicant's
// silence (event "abandoned").
func (o Outcome) ByReply() bool { return o.Valid() && o != OtherNoCorrection && o != OtherNoFee }

// ApplicantType is the applicant column of table 三.
type ApplicantType string

// The six applicant columns.
const (
	Natural        ApplicantType = "natural"
	Commercial     ApplicantType = "commercial"
	Research       ApplicantType = "research"
	PublicInterest ApplicantType = "public_interest"
	LegalService   ApplicantType = "legal_service"
	OtherOrg       ApplicantType = "other_org"
)

// ApplicantTypes lists the columns in table order with their labels.
var ApplicantTypes = []struct {
	Code  ApplicantType
	Label string
}{
	{Natural, "自然人"},
	{Commercial, "商业企业"},
	{Research, "科研机构"},
	{PublicInterest, "社会公益组织"},
	{LegalService, "法律服务机构"},
	{OtherOrg, "其他"},
}

// Valid reports whether t is one of the six columns.
func (t ApplicantType) Valid() bool {
	for _, a := range ApplicantTypes {
		if a.Code == t {
			return true
		}
	}
	return false
}

// Label is the column label (法人或其他组织 for the five organisation kinds
// is shown as a group above them in the report).
func (t ApplicantType) Label() string {
	for _, a := range ApplicantTypes {
		if a.Code == t {
			return a.Label
		}
	}
	return string(t)
}

// IsOrg reports whether the applicant is a legal person or other organisation.
func (t ApplicantType) IsOrg() bool { return t.Valid() && t != Natural }

// Channel is how the application arrived (条例第三十一条).
type Channel string

// Channels.
const (
	Online         Channel = "online"
	InPerson       Channel = "in_person"
	RegisteredPost Channel = "registered_post"
	Post           Channel = "post"
	Fax            Channel = "fax"
)

// Channels lists the channels with their labels and the rule for the
// receipt date.
var Channels = []struct {
	Code        Channel
	Label, Rule string
}{
	{Online, "互联网（在线申请）", "以双方确认之日为收到申请之日（第三十一条第（三）项）"},
	{InPerson, "当面提交", "以提交之日为收到申请之日（第三十一条第（一）项）"},
	{RegisteredPost, "邮寄（需签收）", "以行政机关签收之日为收到申请之日（第三十一条第（二）项）"},
	{Post, "平常信函", "收到当日与申请人确认，确认之日为收到申请之日（第三十一条第（二）项）"},
	{Fax, "传真", "以双方确认之日为收到申请之日（第三十一条第（三）项）"},
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c.Label() != string(c) }

// Label is the channel's name.
func (c Channel) Label() string {
	for _, x := range Channels {
		if x.Code == c {
			return x.Label
		}
	}
	return string(c)
}

// Rule is the receipt-date rule of article 31 for the channel.
func (c Channel) Rule() string {
	for _, x := range Channels {
		if x.Code == c {
			return x.Rule
		}
	}
	return ""
}

// NeedsConfirmation reports whether the receipt date is the day of the
// confirmation with the applicant (ordinary post, fax, online) rather than
// the day of submission or signing.
func (c Channel) NeedsConfirmation() bool { return c == Online || c == Post || c == Fax }
