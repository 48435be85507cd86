package letters

import (
	"fmt"

	"gongkai/internal/office"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// ConsultationDOCX writes the letter asking a third party (第三十二条) or
// another agency (第三十四条) for its opinion, with the 15 working days it
// has; edited copies are recorded with the consultation event.
func ConsultationDOCX(org, code string, party request.Party, description string, on, limit workday.Date) ([]byte, error) {
	w := office.NewDocxWriter()
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: "政府信息公开征求意见书", Bold: true})
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: "（" + code + "）"})
	w.Runs(office.ParaStyle{Align: "left"}, office.Run{Text: "（" + party.Label() + "名称）："})
	article, silence := "第三十二条", "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
	if party == request.Agency {
		article, silence = "第三十四条", "逾期未提出意见的，视为同意公开。"
	}
	w.Runs(office.ParaStyle{Indent: true}, office.Run{Text: fmt.Sprintf("本机关收到政府信息公开申请，申请获取“%s”。该信息可能涉及贵方，根据《中华人民共和国政府信息公开条例》%s的规定，现书面征求贵方意见。", description, article)})
	w.Runs(office.ParaStyle{Indent: true}, office.Run{Text: fmt.Sprintf("请于收到本征求意见书之日起%d个工作日内（%s前）提出书面意见；不同意公开的，请说明理由。%s", request.ConsultationDays, CNDate(limit), silence)})
	w.Runs(office.ParaStyle{Align: "right"}, office.Run{Text: org})
	w.Runs(office.ParaStyle{Align: "right"}, office.Run{Text: CNDate(on)})
	return w.Bytes()
}
