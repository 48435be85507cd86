package store

import (
	"context"
	"fmt"
	"html/template"
	"strconv"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/institution"
	"gongkai/internal/scan"
)

// The gate over what the participation area and the annual report make
// public. Citizens' text (messages, their replies, consultation comments)
// is published masked: ID numbers, mobile numbers, bank cards, e-mail
// addresses and names next to personal-data keywords become 3708…1231,
// 138****5678 and so on (scan.MaskPersonal). The masked text is stored at
// publication (public_texts) and is all that the public readers of the
// store return, so no page, list, feed or search can show the full
// numbers. What the gate then checks is that masked text: what masking
// cannot fix (sensitive words) must be dismissed by the office or the item
// rejected. The office's own pages (consultation, feedback report, policy
// evaluation, annual report) are not masked: their findings must be fixed
// or dismissed.

// PublicCheck is what the checks find in an item as it would be published.
type PublicCheck struct {
	Item   disclosure.ItemKind
	ItemID int64
	Title  string
	// Texts are the texts the portal shows, masked for citizens' items.
	Texts []disclosure.Text
	// Findings are the checks over Texts, dismissals marked: these gate
	// publication.
	Findings []disclosure.Finding
	// Personal are the personal data in the citizens' text as written,
	// which the portal shows masked (none for the office's own pages).
	Personal []disclosure.Finding
	// Marked is the text as written, highlighted, keyed "source/field".
	Marked     map[string]template.HTML
	Dismissals []disclosure.Dismissal
}

// Standing returns the findings that stop publication.
func (p PublicCheck) Standing() []disclosure.Finding { return disclosure.StandingFindings(p.Findings) }

// ItemFindings runs the checks over an item of the participation area or
// an annual report (id: the year) as it would be published, for the office
// to see before it publishes.
func (s *Store) ItemFindings(ctx context.Context, item disclosure.ItemKind, id int64) (PublicCheck, error) {
	return s.publicCheck(ctx, readQ{s}, item, id)
}

// itemTexts loads the texts an item publishes, as written.
func itemTexts(ctx context.Context, s *Store, q querier, item disclosure.ItemKind, id int64) (title string, texts []disclosure.Text, err error) {
	notFound := func(err error) error {
		if IsNotFound(s.translate(err)) {
			return gongkai.Errorf(gongkai.ENOTFOUND, "%s（编号 %d）不存在", item.Label(), id)
		}
		return fmt.Errorf("store: %s %d: %w", item, id, s.translate(err))
	}
	switch item {
	case disclosure.ItemMessage:
		var t, content, page, reply string
		if err := q.QueryRow(ctx, `SELECT title, content, page_url, reply FROM messages WHERE id = ?`, id).Scan(&t, &content, &page, &reply); err != nil {
			return "", nil, notFound(err)
		}
		return t, []disclosure.Text{
			{Source: "message", Field: "title", FieldLabel: "留言标题", Text: t},
			{Source: "message", Field: "content", FieldLabel: "留言内容", Text: content},
			{Source: "message", Field: "page_url", FieldLabel: "出错页面地址", Text: page},
			{Source: "reply", Field: "reply", FieldLabel: "答复内容", Text: reply},
		}, nil
	case disclosure.ItemComment:
		var name, content string
		if err := q.QueryRow(ctx, `SELECT name, content FROM consultation_comments WHERE id = ?`, id).Scan(&name, &content); err != nil {
			return "", nil, notFound(err)
		}
		return "意见 " + strconv.FormatInt(id, 10), []disclosure.Text{
			{Source: "comment", Field: "name", FieldLabel: "称呼", Text: name},
			{Source: "comment", Field: "content", FieldLabel: "意见内容", Text: content},
		}, nil
	case disclosure.ItemConsultation:
		var t, draft, expl, short string
		if err := q.QueryRow(ctx, `SELECT title, draft, explanation, short_reason FROM consultations WHERE id = ?`, id).Scan(&t, &draft, &expl, &short); err != nil {
			return "", nil, notFound(err)
		}
		return t, consultationTexts(t, draft, expl, short), nil
	case disclosure.ItemFeedback:
		var t string
		if err := q.QueryRow(ctx, `SELECT title FROM consultations WHERE id = ?`, id).Scan(&t); err != nil {
			return "", nil, notFound(err)
		}
		texts, err := feedbackTexts(ctx, s, q, id)
		return t, texts, err
	case disclosure.ItemEvaluation:
		var policy, findings, measures string
		if err := q.QueryRow(ctx, `SELECT policy, findings, measures FROM policy_evaluations WHERE id = ?`, id).Scan(&policy, &findings, &measures); err != nil {
			return "", nil, notFound(err)
		}
		return policy, []disclosure.Text{
			{Source: "evaluation", Field: "policy", FieldLabel: "评价的政策", Text: policy},
			{Source: "evaluation", Field: "findings", FieldLabel: "评价结果", Text: findings},
			{Source: "evaluation", Field: "measures", FieldLabel: "改进措施", Text: measures},
		}, nil
	case disclosure.ItemAnnualReport:
		var one, five, six string
		err := q.QueryRow(ctx, `SELECT section1, section5, section6 FROM annual_reports WHERE year = ?`, id).Scan(&one, &five, &six)
		if err != nil && !IsNotFound(s.translate(err)) {
			return "", nil, fmt.Errorf("store: annual report %d: %w", id, s.translate(err))
		}
		return fmt.Sprintf("%d年度报告", id), annualTexts(one, five, six), nil
	case disclosure.ItemInstitution:
		cur, err := loadInstitution(ctx, s, q, id)
		if err != nil {
			return "", nil, err
		}
		r := cur.Latest() // the change waiting for review, else what is public
		return r.Name, institution.Texts(r), nil
	}
	return "", nil, gongkai.Errorf(gongkai.EINVALID, "未知的类别“%s”", item)
}

func consultationTexts(title, draft, expl, short string) []disclosure.Text {
	return []disclosure.Text{
		{Source: "consultation", Field: "title", FieldLabel: "标题", Text: title},
		{Source: "consultation", Field: "draft", FieldLabel: "决策草案", Text: draft},
		{Source: "consultation", Field: "explanation", FieldLabel: "起草说明", Text: expl},
		{Source: "consultation", Field: "short_reason", FieldLabel: "缩短期限的理由", Text: short},
	}
}

func annualTexts(one, five, six string) []disclosure.Text {
	return []disclosure.Text{
		{Source: "annual_report", Field: "section1", FieldLabel: "一、总体情况", Text: one},
		{Source: "annual_report", Field: "section5", FieldLabel: "五、存在的主要问题及改进情况", Text: five},
		{Source: "annual_report", Field: "section6", FieldLabel: "六、其他需要报告的事项", Text: six},
	}
}

// feedbackTexts are the answered opinion groups and the answers to the
// comments of a consultation's feedback report (the summary is given when
// it is published).
func feedbackTexts(ctx context.Context, s *Store, q querier, consultationID int64) ([]disclosure.Text, error) {
	var out []disclosure.Text
	rows, err := q.Query(ctx, `SELECT id, opinion, reason FROM consultation_feedback WHERE consultation_id = ? ORDER BY id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("store: feedback texts: %w", s.translate(err))
	}
	for rows.Next() {
		var id int64
		var op, reason string
		if err := rows.Scan(&id, &op, &reason); err != nil {
			rows.Close()
			return nil, err
		}
		src := "feedback_item:" + strconv.FormatInt(id, 10)
		out = append(out, disclosure.Text{Source: src, Field: "opinion", FieldLabel: "意见（第 " + strconv.FormatInt(id, 10) + " 条）", Text: op},
			disclosure.Text{Source: src, Field: "reason", FieldLabel: "采纳情况说明（第 " + strconv.FormatInt(id, 10) + " 条）", Text: reason})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.translate(err)
	}
	rows, err = q.Query(ctx, `SELECT id, reason FROM consultation_comments WHERE consultation_id = ? AND status = 'approved' AND reason <> '' ORDER BY id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("store: feedback answers: %w", s.translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return nil, err
		}
		out = append(out, disclosure.Text{Source: "comment:" + strconv.FormatInt(id, 10), Field: "reason", FieldLabel: "对意见 " + strconv.FormatInt(id, 10) + " 的答复", Text: reason})
	}
	return out, s.translate(rows.Err())
}

// publicCheck loads an item's texts and runs the checks over them as the
// gate does.
func (s *Store) publicCheck(ctx context.Context, q querier, item disclosure.ItemKind, id int64) (PublicCheck, error) {
	pc := PublicCheck{Item: item, ItemID: id, Marked: map[string]template.HTML{}}
	title, raw, err := itemTexts(ctx, s, q, item, id)
	if err != nil {
		return pc, err
	}
	return s.checkTexts(ctx, q, pc, title, raw)
}

func (s *Store) checkTexts(ctx context.Context, q querier, pc PublicCheck, title string, raw []disclosure.Text) (PublicCheck, error) {
	pc.Title = title
	words, err := sensitiveWords(ctx, s, q)
	if err != nil {
		return pc, err
	}
	if pc.Dismissals, err = dismissalsOf(ctx, s, q, pc.Item, pc.ItemID); err != nil {
		return pc, err
	}
	pc.Texts = raw
	if pc.Item.Citizens() {
		pc.Texts = maskedTexts(raw)
		for _, f := range disclosure.ScanTexts(pc.Item, pc.ItemID, raw, nil) {
			if scan.IsPersonal(scan.Kind(f.Kind)) {
				f.Blocking, f.Dismissible = false, false
				f.Message = f.Label + "在门户网站上自动显示为“" + f.Masked + "”"
				pc.Personal = append(pc.Personal, f)
			}
		}
	}
	pc.Findings = disclosure.ApplyDismissals(disclosure.ScanTexts(pc.Item, pc.ItemID, pc.Texts, words), pc.Dismissals)
	marks := pc.Findings
	if pc.Item.Citizens() { // the text as written: offsets differ from the masked text's
		marks = disclosure.ScanTexts(pc.Item, pc.ItemID, raw, words)
	}
	for _, t := range raw {
		pc.Marked[t.Source+"/"+t.Field] = disclosure.Highlight(t.Text, marks, t.Source, t.Field)
	}
	return pc, nil
}

// gatePublic runs the gate over an item inside tx before it becomes
// public, and for citizens' items stores the masked text the portal shows.
// extra texts (a feedback summary given with the publication) are checked
// too; findings in them cannot be dismissed (they are not stored yet) and
// must be fixed.
func (tx *Tx) gatePublic(ctx context.Context, item disclosure.ItemKind, id int64, action, what string, extra ...disclosure.Text) (PublicCheck, error) {
	pc := PublicCheck{Item: item, ItemID: id, Marked: map[string]template.HTML{}}
	title, raw, err := itemTexts(ctx, tx.s, tx, item, id)
	if err != nil {
		return pc, err
	}
	pc, err = tx.s.checkTexts(ctx, tx, pc, title, raw)
	if err != nil {
		return pc, err
	}
	if len(extra) > 0 {
		words, err := sensitiveWords(ctx, tx.s, tx)
		if err != nil {
			return pc, err
		}
		for _, f := range disclosure.ScanTexts(item, id, extra, words) {
			f.Dismissible = false
			pc.Findings = append(pc.Findings, f)
		}
	}
	if err := gateRefusal(item, id, action, what, pc.Findings); err != nil {
		return pc, err
	}
	if err := tx.BumpPortal(ctx); err != nil { // cached portal pages and feeds show it
		return pc, err
	}
	if item.Citizens() {
		for _, t := range pc.Texts {
			if _, err := tx.Exec(ctx, `INSERT INTO public_texts (item_kind, item_id, field, text, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (item_kind, item_id, field) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
				string(item), id, t.Source+"/"+t.Field, t.Text, TS(tx.Now)); err != nil {
				return pc, fmt.Errorf("store: public text: %w", err)
			}
		}
	}
	return pc, nil
}

// publicTextsOf returns the stored public texts of items, keyed by id and
// "source/field".
func (s *Store) publicTextsOf(ctx context.Context, item disclosure.ItemKind, ids []int64) (map[int64]map[string]string, error) {
	out := map[int64]map[string]string{}
	for i := 0; i < len(ids); i += 500 {
		chunk := ids[i:min(i+500, len(ids))]
		args := []any{string(item)}
		ph := ""
		for j, id := range chunk {
			if j > 0 {
				ph += ","
			}
			ph += "?"
			args = append(args, id)
		}
		rows, err := s.query(ctx, `SELECT item_id, field, text FROM public_texts WHERE item_kind = ? AND item_id IN (`+ph+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: public texts: %w", err)
		}
		for rows.Next() {
			var id int64
			var f, t string
			if err := rows.Scan(&id, &f, &t); err != nil {
				rows.Close()
				return nil, err
			}
			if out[id] == nil {
				out[id] = map[string]string{}
			}
			out[id][f] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.translate(err)
		}
	}
	return out, nil
}

// publicText is the stored public text of a field, masked again (for rows
// published before the gate, or should the stored text ever hold more).
func publicText(stored map[string]string, key, raw string) string {
	if t, ok := stored[key]; ok {
		return scan.MaskPersonal(t)
	}
	return scan.MaskPersonal(raw)
}
