package notify

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Target is one delivery of a notification: a channel and an address
// (an e-mail address, or "group" for a robot).
type Target struct {
	Channel string
	Address string
}

// Targets lists where a notification goes besides the inbox. unitName is
// the unit the notification is addressed to (directly or through its
// user), "" for role notifications.
func (c Config) Targets(n Notification, unitName string, smtpOn bool) []Target {
	var out []Target
	if smtpOn {
		var addrs []string
		if unitName != "" {
			addrs = append(addrs, c.EmailUnits[unitName]...)
		}
		if n.Role != "" {
			addrs = append(addrs, c.EmailRoles[string(n.Role)]...)
		}
		seen := map[string]bool{}
		for _, a := range addrs {
			if !seen[a] {
				seen[a] = true
				out = append(out, Target{ChannelEmail, a})
			}
		}
	}
	robot := !c.RobotWarnOnly || n.Level == "warn" || n.Level == "alert"
	if robot && c.WeComURL != "" {
		out = append(out, Target{ChannelWeCom, "group"})
	}
	if robot && c.DingTalkURL != "" {
		out = append(out, Target{ChannelDingTalk, "group"})
	}
	return out
}

// Deliverer sends notifications over the channels.
type Deliverer struct {
	Config  Config
	SMTP    SMTP
	Client  *http.Client
	BaseURL string
}

// Deliver sends n to one target. uuid identifies the delivery (DingTalk
// uses it to drop a retried duplicate).
func (d Deliverer) Deliver(ctx context.Context, t Target, n Notification, uuid string, now time.Time) error {
	switch t.Channel {
	case ChannelEmail:
		return d.SMTP.Send(ctx, []string{t.Address}, levelLabel(n.Level)+n.Title, PlainText(n, d.BaseURL), now)
	case ChannelWeCom:
		if d.Config.WeComURL == "" {
			return fmt.Errorf("notify: wecom webhook not configured")
		}
		return PostRobot(ctx, d.Client, d.Config.WeComURL, WeComPayload(n, d.BaseURL, d.Config.WeComMarkdown))
	case ChannelDingTalk:
		if d.Config.DingTalkURL == "" {
			return fmt.Errorf("notify: dingtalk webhook not configured")
		}
		return PostRobot(ctx, d.Client, DingTalkURL(d.Config.DingTalkURL, d.Config.DingTalkSecret, now),
			DingTalkPayload(n, d.BaseURL, d.Config.DingMarkdown, uuid))
	}
	return fmt.Errorf("notify: unknown channel %q", t.Channel)
}

// Backoff is the wait before retry number attempt (1-based); after
// MaxAttempts a delivery is given up.
func Backoff(attempt int) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}
	if attempt-1 < len(steps) {
		return steps[max(0, attempt-1)]
	}
	return steps[len(steps)-1]
}

// MaxAttempts bounds the retries of one delivery.
const MaxAttempts = 6
