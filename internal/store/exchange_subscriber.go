package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/exchange"
	"gongkai/internal/notify"
)

// Subscribers of the exchange (the upper-level platform, the district's
// intensive site platform): each gets every change of the kinds it asked
// for, POSTed to its address and signed with its secret
// (exchange.Sign), through the notification outbox: a batch of changes is
// one notification (key exchange:push:FIRST:LAST, addressed to nobody, so
// it is in no inbox) and one outbox delivery per subscriber (channel
// webhook, target the subscriber's id), sent once, retried with backoff.

// ChannelWebhook is the outbox channel of pushed changes.
const ChannelWebhook = "webhook"

// Subscriber is a system that receives the changes.
type Subscriber struct {
	ID        int64
	Name      string
	URL       string
	Kinds     []exchange.Kind // empty: every kind
	Active    bool
	Created   time.Time
	CreatedBy string
}

// KindsLabel names the kinds in Chinese.
func (s Subscriber) KindsLabel() string {
	if len(s.Kinds) == 0 {
		return "全部"
	}
	ls := make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		ls[i] = k.Label()
	}
	return strings.Join(ls, "、")
}

// NewSubscriber is what adding a subscriber needs.
type NewSubscriber struct {
	Name   string
	URL    string
	Secret string // empty: one is made (exchange.NewSecret)
	Kinds  []exchange.Kind
}

func kindsString(ks []exchange.Kind) string {
	ss := make([]string, len(ks))
	for i, k := range ks {
		ss[i] = string(k)
	}
	return strings.Join(ss, ",")
}

func parseKinds(s string) []exchange.Kind {
	var out []exchange.Kind
	for _, f := range strings.Split(s, ",") {
		if f != "" {
			out = append(out, exchange.Kind(f))
		}
	}
	return out
}

const subscriberCols = `id, name, url, kinds, active, created_at, created_by`

func scanSubscriber(sc interface{ Scan(...any) error }) (Subscriber, error) {
	var s Subscriber
	var kinds, created string
	err := sc.Scan(&s.ID, &s.Name, &s.URL, &kinds, &s.Active, &created, &s.CreatedBy)
	s.Kinds, s.Created = parseKinds(kinds), ParseTS(created)
	return s, err
}

// AddSubscriber adds a subscriber and returns it with its signing secret
// (made when none is given). The address must be http(s). Audited (the
// secret is not).
func (s *Store) AddSubscriber(ctx context.Context, a auth.Actor, n NewSubscriber) (Subscriber, string, error) {
	name, u, err := exchange.CheckSubscriber(n.Name, n.URL, n.Secret)
	if err != nil {
		return Subscriber{}, "", err
	}
	for _, k := range n.Kinds {
		if !k.Valid() {
			return Subscriber{}, "", gongkai.Errorf(gongkai.EINVALID, "未知的数据类别“%s”，可选：document、catalog_item、institution", k)
		}
	}
	secret := strings.TrimSpace(n.Secret)
	if secret == "" {
		secret = exchange.NewSecret()
	}
	var out Subscriber
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err := tx.Insert(ctx, `INSERT INTO exchange_subscribers (name, url, secret, kinds, active, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			name, u, secret, kindsString(n.Kinds), true, TS(tx.Now), a.Login)
		if err != nil {
			return err
		}
		out, err = scanSubscriber(tx.QueryRow(ctx, `SELECT `+subscriberCols+` FROM exchange_subscribers WHERE id = ?`, id))
		if err != nil {
			return tx.s.translate(err)
		}
		return tx.Audit(ctx, a, "create", "exchange_subscriber", id, fmt.Sprintf("添加数据交换订阅“%s”：%s（%s）", name, u, out.KindsLabel()), nil,
			map[string]any{"name": name, "url": u, "kinds": kindsString(n.Kinds)})
	})
	return out, secret, err
}

// Subscribers lists the subscribers, active first.
func (s *Store) Subscribers(ctx context.Context) ([]Subscriber, error) {
	return collect(ctx, s, scanSubscriber, `SELECT `+subscriberCols+` FROM exchange_subscribers ORDER BY active DESC, id`)
}

// Subscriber returns one subscriber.
func (s *Store) Subscriber(ctx context.Context, id int64) (Subscriber, error) {
	sub, err := scanSubscriber(s.queryRow(ctx, `SELECT `+subscriberCols+` FROM exchange_subscribers WHERE id = ?`, id))
	if err != nil {
		return sub, fmt.Errorf("store: subscriber %d: %w", id, s.translateNotFound(err, "订阅不存在"))
	}
	return sub, nil
}

// SetSubscriberActive stops (or resumes) the pushes to a subscriber;
// deliveries already queued to a stopped one are given up. Audited.
func (s *Store) SetSubscriberActive(ctx context.Context, a auth.Actor, id int64, active bool) error {
	return s.InTx(ctx, func(tx *Tx) error {
		sub, err := scanSubscriber(tx.QueryRow(ctx, `SELECT `+subscriberCols+` FROM exchange_subscribers WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("store: subscriber %d: %w", id, tx.s.translateNotFound(err, "订阅不存在"))
		}
		if sub.Active == active {
			return nil
		}
		if err := tx.Guarded(ctx, `UPDATE exchange_subscribers SET active = ? WHERE id = ? AND active = ?`, active, id, sub.Active); err != nil {
			return err
		}
		what := "恢复"
		if !active {
			what = "停用"
			if _, err := tx.Exec(ctx, `UPDATE notify_outbox SET status = 'failed', last_error = '订阅已停用' WHERE channel = ? AND target = ? AND status = 'pending'`,
				ChannelWebhook, strconv.FormatInt(id, 10)); err != nil {
				return fmt.Errorf("store: stop deliveries: %w", err)
			}
		}
		return tx.Audit(ctx, a, "update", "exchange_subscriber", id, fmt.Sprintf("%s数据交换订阅“%s”", what, sub.Name), sub.Active, active)
	})
}

// SubscriberSecret returns the signing secret of a subscriber, for the
// push.
func (s *Store) SubscriberSecret(ctx context.Context, id int64) (string, error) {
	var secret string
	if err := s.queryRow(ctx, `SELECT secret FROM exchange_subscribers WHERE id = ?`, id).Scan(&secret); err != nil {
		return "", fmt.Errorf("store: subscriber %d: %w", id, s.translate(err))
	}
	return secret, nil
}

// queuePush queues the delivery of changes first…last to every active
// subscriber that wants one of their kinds (has): one notification for
// the batch, one outbox row per subscriber, in the sequencer's
// transaction.
func (tx *Tx) queuePush(ctx context.Context, first, last int64, has map[exchange.Kind]bool) error {
	subs, err := collectTx(ctx, tx, scanSubscriber, `SELECT `+subscriberCols+` FROM exchange_subscribers WHERE active = ? ORDER BY id`, true)
	if err != nil {
		return err
	}
	var to []Subscriber
	for _, sub := range subs {
		want := len(sub.Kinds) == 0
		for _, k := range sub.Kinds {
			want = want || has[k]
		}
		if want {
			to = append(to, sub)
		}
	}
	if len(to) == 0 {
		return nil
	}
	key := fmt.Sprintf("exchange:push:%d:%d", first, last)
	if _, err := tx.Notify(ctx, notify.Notification{Key: key, Title: fmt.Sprintf("数据交换推送：第 %d–%d 号变更", first, last), Body: "push"}); err != nil {
		return err
	}
	var nid int64
	if err := tx.QueryRow(ctx, `SELECT id FROM notifications WHERE key = ?`, key).Scan(&nid); err != nil {
		return fmt.Errorf("store: push notification: %w", tx.s.translate(err))
	}
	for _, sub := range to {
		if _, err := tx.enqueueDelivery(ctx, nid, ChannelWebhook, strconv.FormatInt(sub.ID, 10)); err != nil {
			return err
		}
	}
	return nil
}

// PushRange reads the change numbers of a push delivery from its
// notification's key.
func PushRange(key string) (first, last int64, ok bool) {
	rest, found := strings.CutPrefix(key, "exchange:push:")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(rest, ":")
	if !found {
		return 0, 0, false
	}
	f, err1 := strconv.ParseInt(a, 10, 64)
	l, err2 := strconv.ParseInt(b, 10, 64)
	return f, l, err1 == nil && err2 == nil && f <= l
}

// IsPushNotification reports whether n is a batch of exchange changes (to
// nobody's inbox, delivered only to subscribers).
func IsPushNotification(n notify.Notification) bool { return strings.HasPrefix(n.Key, "exchange:") }

// DueWebhooks lists the push deliveries to try now.
func (s *Store) DueWebhooks(ctx context.Context, limit int) ([]OutboxItem, error) {
	return s.outboxList(ctx, fmt.Sprintf(`WHERE o.status = 'pending' AND o.channel = ? AND o.next_at <= ? ORDER BY o.next_at, o.id LIMIT %d`, max(1, limit)),
		ChannelWebhook, TS(s.Now()))
}

// collectTx is collect inside a transaction.
func collectTx[T any](ctx context.Context, tx *Tx, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(tx.s, rows, scan)
}
