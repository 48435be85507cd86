package web

import (
	"fmt"
	"net/http"

	"gongkai/internal/office"
	"gongkai/internal/request"
)

// archiveDocx builds the whole file of a request (归档): the application,
// the handling events with the due date's derivation, the reply, delivery
// and any review or lawsuit.
func (s *Server) archiveDocx(r *http.Request, rec request.Record) ([]byte, error) {
	ctx := r.Context()
	clock, err := s.Store.RequestClock(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	evs, err := s.Store.RequestEvents(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	cases, err := s.Store.Cases(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	w := office.NewDocxWriter()
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: "政府信息公开申请办理案卷", Bold: true})
	w.Heading(2, "一、申请")
	p := rec.Application.Applicant
	cell := func(s string) office.TableCell { return office.TableCell{Text: s, Align: "left"} }
	w.Table(nil, [][]office.TableCell{
		{cell("查询码"), cell(rec.Code)},
		{cell("申请人类型"), cell(p.Type.Label())},
		{cell("申请人"), cell(p.Name)},
		{cell("身份证明"), cell(p.IDNumber)},
		{cell("联系电话"), cell(p.Phone)},
		{cell("电子邮箱"), cell(p.Email)},
		{cell("通信地址"), cell(p.Address)},
		{cell("申请渠道"), cell(rec.Application.Channel.Label())},
		{cell("所需信息"), cell(rec.Application.Description)},
		{cell("获取形式"), cell(rec.Application.Form.Label())},
		{cell("承办单位"), cell(rec.UnitName)},
	})
	w.Heading(2, "二、办理过程与答复期限推算")
	rows := [][]office.TableCell{}
	for _, st := range clock.Steps {
		rows = append(rows, []office.TableCell{cell(st.On.String()), cell(st.Text)})
	}
	w.Table([]string{"日期", "事项"}, rows)
	rows = nil
	for _, e := range evs {
		rows = append(rows, []office.TableCell{cell(e.Event.On.String()), cell(e.Event.Type.Label()), cell(e.Actor), cell(e.Event.Note)})
	}
	w.Table([]string{"日期", "事件", "登记人", "说明"}, rows)
	w.Heading(2, "三、答复")
	w.Paragraph("办理结果：" + outcomeText(rec.Outcome))
	w.Paragraph("法律依据：" + rec.LegalBasis)
	w.Paragraph("提供的信息：" + rec.InfoProvided)
	w.Paragraph("答复书正文：")
	w.Paragraph(rec.ReplyBody)
	w.Paragraph(fmt.Sprintf("送达：%s %s", dateText(rec.DeliveredOn), rec.DeliveryMethod))
	if rec.FeeAmount > 0 {
		w.Paragraph("信息处理费：" + request.FeeExplain(rec.FeeBasis, rec.FeeUnits, rec.FeeAmount))
	}
	if len(cases) > 0 {
		w.Heading(2, "四、行政复议、行政诉讼")
		rows = nil
		for _, c := range cases {
			rows = append(rows, []office.TableCell{cell(c.Kind.Label()), cell(c.FiledOn.String()), cell(c.Result.Label()), cell(dateText(c.DecidedOn)), cell(c.Note)})
		}
		w.Table([]string{"类型", "受理日期", "结果", "审结日期", "说明"}, rows)
	}
	return w.Bytes()
}

func (s *Server) requestsArchive(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	file, err := s.archiveDocx(r, rec)
	if err != nil {
		return err
	}
	err = s.Store.ArchiveRequest(r.Context(), s.Actor(r), rec.ID, file)
	return s.done(w, r, rec.ID, err, "已归档")
}

func (s *Server) requestsArchiveFile(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	var data []byte
	if rec.ArchiveSHA != "" {
		data, _, err = s.Store.Blob(r.Context(), rec.ArchiveSHA)
	} else {
		data, err = s.archiveDocx(r, rec)
	}
	if err != nil {
		return err
	}
	if err := s.Store.AuditPersonalView(r.Context(), s.Actor(r), rec, "下载案卷"); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	setAttachment(w, "归档材料-"+rec.Code+".docx")
	_, err = w.Write(data)
	return err
}
