// Package notifytest holds a minimal SMTP server for tests: it accepts
// every message and keeps the envelope and the data.
package notifytest

import (
	"bufio"
	"encoding/base64"
	"net"
	"strings"
	"sync"
	"testing"
)

// SMTP is a running fake server.
type SMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []Mail
	Fail bool // answer 451 to DATA
}

// Mail is one message received.
type Mail struct {
	From string
	To   []string
	Data string
}

// Start starts a server on a loopback port, closed when the test ends.
func Start(t testing.TB) *SMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &SMTP{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

// Addr is host:port.
func (f *SMTP) Addr() string { return f.ln.Addr().String() }

// Messages returns what was received so far.
func (f *SMTP) Messages() []Mail {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Mail(nil), f.msgs...)
}

// SetFail makes DATA answer 451 (or not).
func (f *SMTP) SetFail(v bool) {
	f.mu.Lock()
	f.Fail = v
	f.mu.Unlock()
}

func (f *SMTP) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	w := func(s string) { c.Write([]byte(s + "\r\n")) }
	w("220 fake ESMTP")
	var m Mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			w("250-fake")
			w("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = Mail{From: angle(line)}
			w("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.To = append(m.To, angle(line))
			w("250 ok")
		case cmd == "DATA":
			f.mu.Lock()
			fail := f.Fail
			f.mu.Unlock()
			if fail {
				w("451 try later")
				continue
			}
			w("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.Data = b.String()
			f.mu.Lock()
			f.msgs = append(f.msgs, m)
			f.mu.Unlock()
			w("250 queued")
		case cmd == "QUIT":
			w("221 bye")
			return
		default:
			w("250 ok")
		}
	}
}

// angle returns the address between < and > of a MAIL or RCPT command.
func angle(line string) string {
	_, rest, _ := strings.Cut(line, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

// Body decodes the base64 body of a message written by notify.SMTP.
func (m Mail) Body() string {
	_, body, _ := strings.Cut(m.Data, "\r\n\r\n")
	b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(strings.TrimSpace(body), "\r\n", ""))
	if err != nil {
		return body
	}
	return string(b)
}
