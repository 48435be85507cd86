package api

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/exchange"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

// The exchange with the upper-level platform (docs/api-exchange.md): walks
// of the changed documents, catalogue items and institutions for a token
// with the exchange permission, and the subscribers of the push for the
// office and the admin.
func (a *API) routesExchange() {
	a.s.Handle("GET /api/v1/exchange/documents", auth.PermExchange, a.walk(exchange.KindDocument, "documents"))
	a.s.Handle("GET /api/v1/exchange/catalog", auth.PermExchange, a.walk(exchange.KindCatalogItem, "catalog_items"))
	a.s.Handle("GET /api/v1/exchange/institutions", auth.PermExchange, a.walk(exchange.KindInstitution, "institutions"))
	a.s.Handle("GET /api/v1/exchange/subscribers", auth.PermExchangeManage, a.subscribers)
	a.s.Handle("POST /api/v1/exchange/subscribers", auth.PermExchangeManage, a.subscriberAdd)
	a.s.Handle("POST /api/v1/exchange/subscribers/{id}/active", auth.PermExchangeManage, a.subscriberActive)
}

// walk answers one page of a walk: {"<list>":[…],"next_cursor":…|null,
// "cursor":…}. next_cursor is set when more changes follow at once;
// cursor is the position after this page, to poll later.
func (a *API) walk(kind exchange.Kind, list string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := r.URL.Query()
		q, err := exchange.ParseQuery(kind, v.Get("since"), v.Get("cursor"), v.Get("limit"))
		if err != nil {
			return err
		}
		page, err := a.s.Store.ExchangeWalk(r.Context(), q)
		if err != nil {
			return err
		}
		var bodies map[int64]string
		if kind == exchange.KindDocument {
			var ids []int64
			for _, c := range page.Changes {
				if !c.Deleted {
					ids = append(ids, c.ID)
				}
			}
			if bodies, err = a.s.Store.DocumentBodies(r.Context(), ids); err != nil {
				return err
			}
		}
		items := make([]map[string]any, 0, len(page.Changes))
		for _, c := range page.Changes {
			var body *string
			if b, ok := bodies[c.ID]; ok {
				body = &b
			}
			el, err := exchange.Element(c.Seq, c.Kind, c.At, c.Deleted, c.Record, a.s.Config.BaseURL, body)
			if err != nil {
				return err
			}
			items = append(items, el)
		}
		cur := exchange.Cursor{Kind: kind, Seq: page.Next}.Encode()
		var next any
		if page.More {
			next = cur
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{list: items, "next_cursor": next, "cursor": cur})
		return nil
	}
}

type subscriberJSON struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	URL       string   `json:"url"`
	Kinds     []string `json:"kinds"`
	Active    bool     `json:"active"`
	CreatedAt string   `json:"created_at"`
	CreatedBy string   `json:"created_by"`
	Secret    string   `json:"secret,omitempty"` // only in the answer that created it
}

func subscriberOut(s store.Subscriber) subscriberJSON {
	out := subscriberJSON{ID: s.ID, Name: s.Name, URL: s.URL, Kinds: []string{}, Active: s.Active, CreatedAt: s.Created.UTC().Format("2006-01-02T15:04:05Z"), CreatedBy: s.CreatedBy}
	for _, k := range s.Kinds {
		out.Kinds = append(out.Kinds, string(k))
	}
	return out
}

func (a *API) subscribers(w http.ResponseWriter, r *http.Request) error {
	subs, err := a.s.Store.Subscribers(r.Context())
	if err != nil {
		return err
	}
	out := make([]subscriberJSON, 0, len(subs))
	for _, s := range subs {
		out = append(out, subscriberOut(s))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"subscribers": out})
	return nil
}

func (a *API) subscriberAdd(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name   string   `json:"name"`
		URL    string   `json:"url"`
		Secret string   `json:"secret"`
		Kinds  []string `json:"kinds"`
	}
	if err := httpx.DecodeJSON(w, r, 16<<10, &in); err != nil {
		return err
	}
	n := store.NewSubscriber{Name: in.Name, URL: in.URL, Secret: in.Secret}
	for _, k := range in.Kinds {
		n.Kinds = append(n.Kinds, exchange.Kind(k))
	}
	sub, secret, err := a.s.Store.AddSubscriber(r.Context(), a.s.Actor(r), n)
	if err != nil {
		return err
	}
	out := subscriberOut(sub)
	out.Secret = secret
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) subscriberActive(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Active bool `json:"active"`
	}
	if err := httpx.DecodeJSON(w, r, 1<<10, &in); err != nil {
		return err
	}
	if err := a.s.Store.SetSubscriberActive(r.Context(), a.s.Actor(r), id, in.Active); err != nil {
		return err
	}
	sub, err := a.s.Store.Subscriber(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, subscriberOut(sub))
	return nil
}
