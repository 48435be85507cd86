package crawl

import (
	"bufio"
	"strconv"
	"strings"
	"time"
)

// Robots is what robots.txt allows this crawler (the group naming its
// user agent, else the * group): longest-match Allow/Disallow prefixes
// with * and $ as in RFC 9309, and Crawl-delay.
type Robots struct {
	rules []robotsRule
	Delay time.Duration
}

type robotsRule struct {
	allow   bool
	pattern string
}

// MaxRobotsBytes bounds the robots.txt read (RFC 9309 asks for at least
// 500 KiB).
const MaxRobotsBytes = 512 << 10

// ParseRobots reads robots.txt for the agent (matched case-insensitively
// as a substring of the agent's product token).
func ParseRobots(body, agent string) *Robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), MaxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil || (k == "disallow" && v == "") {
				continue
			}
			cur.rules = append(cur.rules, robotsRule{allow: k == "allow", pattern: v})
		case "crawl-delay":
			inAgents = false
			if cur != nil {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
					cur.delay = time.Duration(f * float64(time.Second))
				}
			}
		default:
			inAgents = false
		}
	}
	var mine, star *group
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				if star == nil {
					star = g
				}
			case a != "" && strings.Contains(agent, a) && mine == nil:
				mine = g
			}
		}
	}
	if mine == nil {
		mine = star
	}
	if mine == nil {
		return &Robots{}
	}
	return &Robots{rules: mine.rules, Delay: mine.delay}
}

// Allowed reports whether path (with its query) may be fetched.
func (r *Robots) Allowed(path string) bool {
	if r == nil || path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if n, ok := robotsMatch(rule.pattern, path); ok && (n > best || (n == best && rule.allow)) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots pattern (* any run, $ end) against the
// start of path and returns the pattern's length as its priority.
func robotsMatch(pattern, path string) (int, bool) {
	end := strings.HasSuffix(pattern, "$")
	p := strings.TrimSuffix(pattern, "$")
	parts := strings.Split(p, "*")
	pos := 0
	for i, part := range parts {
		if i == 0 {
			if !strings.HasPrefix(path, part) {
				return 0, false
			}
			pos = len(part)
			continue
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return 0, false
		}
		pos += j + len(part)
	}
	if end && pos != len(path) && !strings.HasSuffix(p, "*") {
		// the last part must sit at the end: try the last occurrence
		last := parts[len(parts)-1]
		if !strings.HasSuffix(path, last) || len(parts) == 1 {
			return 0, false
		}
	}
	return len(pattern), true
}
