package letters

import "gongkai/internal/request"

// statute quotes the clause of 《中华人民共和国政府信息公开条例》(国务院令第711号)
// that prescribes the reply of each outcome, verbatim (reference §1.6). The
// letter cites it after the decision so the applicant reads the rule, not
// only its number. Outcomes with no clause of their own (other, and
// 要求行政机关确认或重新出具已获取信息, for which the regulation has no
// verbatim wording) cite none.
var statute = map[request.Outcome]string{
	request.Disclosed:                "第三十六条第（二）项：“所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间”",
	request.Partial:                  "第三十七条：“申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由”",
	request.WithheldStateSecret:      withheld,
	request.WithheldLaw:              withheld,
	request.WithheldSecurity:         withheld,
	request.WithheldThirdParty:       withheld,
	request.WithheldInternal:         withheld,
	request.WithheldProcess:          withheld,
	request.WithheldEnforcement:      withheld,
	request.WithheldQuery:            "第三十六条第（七）项：“所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理”",
	request.UnavailableNotHeld:       "第三十六条第（四）项：“经检索没有所申请公开信息的，告知申请人该政府信息不存在”；第（五）项：“所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式”",
	request.UnavailableNeedsCreation: "第三十八条：“行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例第三十七条的规定能够作区分处理的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供”",
	request.UnavailableUnclear:       "第三十条：“政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限”",
	request.RejectedPetition:         "第三十九条第一款：“申请人以政府信息公开申请的形式进行信访、投诉、举报等活动，行政机关应当告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出”",
	request.RejectedDuplicate:        "第三十六条第（六）项：“行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理”",
	request.RejectedPublication:      "第三十九条第二款：“申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径”",
	request.RejectedExcessive:        "第三十五条：“申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请理由不合理的，告知申请人不予处理”",
}

const withheld = "第三十六条第（三）项：“行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由”"

// Statute returns the quoted clause for an outcome ("" when none).
func Statute(o request.Outcome) string { return statute[o] }

// DataOf fills a letter template from a request record.
func DataOf(r request.Record) Data {
	return Data{Applicant: r.Application.Applicant.Name, Code: r.Code, Received: CNDate(r.ReceivedOn),
		Description: r.Application.Description, Basis: r.LegalBasis, Info: r.InfoProvided}
}
