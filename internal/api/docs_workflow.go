package api

import (
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// createDocBody is a new draft: the fields of POST /api/v1/documents/check
// plus the unit (a unit user's own unit when left out).
type createDocBody struct {
	disclosure.CheckInput
	UnitID int64 `json:"unit_id"`
}

type docStatusJSON struct {
	ID     int64             `json:"id"`
	Status disclosure.Status `json:"status"`
}

// createDocument answers POST /api/v1/documents: it stores a draft
// through the same store call as the console's form (a unit user drafts
// only for their own unit: disclosure.DraftUnit).
func (a *API) createDocument(w http.ResponseWriter, r *http.Request) error {
	var in createDocBody
	if err := httpx.DecodeJSON(w, r, 4<<20, &in); err != nil {
		return err
	}
	doc := store.DocumentInput{UnitID: in.UnitID, Issuer: strings.TrimSpace(in.Issuer), Title: in.Title, DocNo: in.DocNo,
		CatalogItemID: in.CatalogItemID, Topic: in.Topic, Genre: in.Genre, Attribute: in.Attribute,
		AttributeGround: strings.TrimSpace(in.Ground)}
	if v := strings.TrimSpace(in.WrittenOn); v != "" {
		d, err := workday.ParseDate(v)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "成文日期“%s”无法识别，请写作 2023-05-06", v)
		}
		doc.WrittenOn = d
	}
	doc.BodyHTML, doc.BodyText = sanitize.Body(in.Body)
	if len(doc.BodyHTML) > 2<<20 {
		return gongkai.Errorf(gongkai.ETOOLARGE, "正文超过 2 MB，请将长表格作为附件上传")
	}
	id, err := a.s.Store.CreateDocument(r.Context(), a.s.Actor(r), doc)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, docStatusJSON{ID: id, Status: disclosure.StatusDraft})
	return nil
}

type actionBody struct {
	Action disclosure.Action `json:"action"`
	Reason string            `json:"reason"`
}

// documentAction answers POST /api/v1/documents/{id}/actions with
// {"action":"submit"|"pass"|"return"|"sign","reason":"…"}: the console's
// workflow move, through the same store call (store.MoveDocument decides
// who may do what: disclosure.MayMove, Transition, CheckSignOff).
func (a *API) documentAction(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in actionBody
	if err := httpx.DecodeJSON(w, r, 16<<10, &in); err != nil {
		return err
	}
	d, err := a.s.Store.Document(r.Context(), id)
	if err != nil {
		return err
	}
	if u, _ := httpx.UserFrom(r.Context()); !disclosure.CanSee(u, d) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "该文件属于其他单位，您无权查看")
	}
	// The store runs the publication gate itself: a refusal answers 409
	// with details.findings (the standing findings, values masked).
	req := store.MoveRequest{ID: d.ID, Action: in.Action, Reason: strings.TrimSpace(in.Reason)}
	to, err := a.s.Store.MoveDocument(r.Context(), a.s.Actor(r), req)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, docStatusJSON{ID: d.ID, Status: to})
	return nil
}
