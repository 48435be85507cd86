package web

import (
	"net/http"

	"gongkai/internal/exchange"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

// 数据交换: the subscribers that receive the changes by push, the recent
// deliveries, and how the upper-level platform reads the walks (a token
// with the exchange permission).

type exchangeAdminData struct {
	Subscribers []store.Subscriber
	Deliveries  []store.OutboxItem
	Kinds       []exchange.Kind
	Created     *store.Subscriber
	Secret      string
	Form        store.NewSubscriber
	Names       map[string]string // subscriber id → name, for the deliveries
}

func (s *Server) exchangeAdmin(w http.ResponseWriter, r *http.Request) error {
	return s.renderExchange(w, r, http.StatusOK, "", exchangeAdminData{})
}

func (s *Server) renderExchange(w http.ResponseWriter, r *http.Request, status int, msg string, d exchangeAdminData) error {
	var err error
	if d.Subscribers, err = s.Store.Subscribers(r.Context()); err != nil {
		return err
	}
	d.Names = map[string]string{}
	for _, sub := range d.Subscribers {
		d.Names[i64(sub.ID)] = sub.Name
	}
	recent, err := s.Store.RecentOutbox(r.Context(), 200)
	if err != nil {
		return err
	}
	for _, it := range recent {
		if it.Target.Channel == store.ChannelWebhook && len(d.Deliveries) < 30 {
			d.Deliveries = append(d.Deliveries, it)
		}
	}
	d.Kinds = exchange.Kinds
	if d.Secret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.Render(w, r, status, "admin/exchange", &Page{Title: "数据交换", Area: "exchange", Error: msg, Data: d})
	return nil
}

func (s *Server) exchangeSubscriberAdd(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	n := store.NewSubscriber{Name: r.PostFormValue("name"), URL: r.PostFormValue("url"), Secret: r.PostFormValue("secret")}
	for _, k := range r.PostForm["kinds"] {
		n.Kinds = append(n.Kinds, exchange.Kind(k))
	}
	sub, secret, err := s.Store.AddSubscriber(r.Context(), s.Actor(r), n)
	if err != nil {
		if !userError(err) {
			return err
		}
		n.Secret = ""
		return s.renderExchange(w, r, httpx.StatusOf(err), errMsg(err), exchangeAdminData{Form: n})
	}
	return s.renderExchange(w, r, http.StatusCreated, "", exchangeAdminData{Created: &sub, Secret: secret})
}

func (s *Server) exchangeSubscriberActive(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	active := r.PostFormValue("active") == "1"
	if err := s.Store.SetSubscriberActive(r.Context(), s.Actor(r), id, active); err != nil {
		return err
	}
	msg := "已停用该订阅"
	if active {
		msg = "已恢复该订阅"
	}
	return s.Flash(w, r, msg, "/admin/exchange")
}
