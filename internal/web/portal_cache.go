package web

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/internal/store"
)

// pageCache keeps rendered portal pages in memory. Every change to the
// portal's data bumps a version counter in the database (store.BumpPortal);
// each node compares it at most once per versionCheckEvery, so a page is
// never served more than that long after a change made on another node,
// and the node that made the change resets its cache at once.
type pageCache struct {
	st      *store.Store
	mu      sync.RWMutex
	pages   map[string]cachedPage
	version int64
	checked atomic.Int64 // unix nanoseconds of the last version check
}

type cachedPage struct {
	body  []byte
	ctype string
}

const (
	versionCheckEvery = time.Second
	maxCachedPages    = 5000
)

var portalCaches sync.Map // *Server → *pageCache

func (s *Server) portalCache() *pageCache {
	if c, ok := portalCaches.Load(s); ok {
		return c.(*pageCache)
	}
	c, _ := portalCaches.LoadOrStore(s, &pageCache{st: s.Store, pages: map[string]cachedPage{}})
	return c.(*pageCache)
}

// Reset drops every page (after a change made on this node).
func (c *pageCache) Reset() {
	c.mu.Lock()
	c.pages = map[string]cachedPage{}
	c.mu.Unlock()
	c.checked.Store(0)
}

// fresh checks the database version when the last check is old enough.
func (c *pageCache) fresh(ctx context.Context) int64 {
	now := time.Now().UnixNano()
	last := c.checked.Load()
	if now-last < int64(versionCheckEvery) {
		c.mu.RLock()
		v := c.version
		c.mu.RUnlock()
		return v
	}
	if !c.checked.CompareAndSwap(last, now) {
		c.mu.RLock()
		v := c.version
		c.mu.RUnlock()
		return v
	}
	v, err := c.st.PortalVersion(ctx)
	if err != nil {
		c.checked.Store(0)
		return -1
	}
	c.mu.Lock()
	if v != c.version {
		c.pages = map[string]cachedPage{}
		c.version = v
	}
	c.mu.Unlock()
	return v
}

func (c *pageCache) get(ctx context.Context, key string) (cachedPage, int64, bool) {
	v := c.fresh(ctx)
	c.mu.RLock()
	p, ok := c.pages[key]
	c.mu.RUnlock()
	return p, v, ok
}

func (c *pageCache) put(key string, version int64, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version || version < 0 {
		return // the data changed while rendering
	}
	if len(c.pages) >= maxCachedPages {
		c.pages = map[string]cachedPage{}
	}
	c.pages[key] = p
}

type freshKey struct{}

// Fresh marks a request to be rendered from the database as it is now,
// past the page cache and without filling it: the publisher (gongkai
// publish) asks for every page this way.
func Fresh(ctx context.Context) context.Context { return context.WithValue(ctx, freshKey{}, true) }

// cachedPortal serves a portal page from the cache or renders it with
// render and keeps it. Requests carrying a one-time flash message are not
// cached.
func (s *Server) cachedPortal(w http.ResponseWriter, r *http.Request, render func() ([]byte, string, error)) error {
	_, flash := r.Cookie("flash")
	if flash == nil || r.Context().Value(freshKey{}) != nil {
		body, ct, err := render()
		if err != nil {
			return err
		}
		return writePage(w, body, ct)
	}
	key := r.URL.RequestURI()
	c := s.portalCache()
	if p, _, ok := c.get(r.Context(), key); ok {
		return writePage(w, p.body, p.ctype) // the headers of a fresh render

	}
	_, v, _ := c.get(r.Context(), "")
	body, ct, err := render()
	if err != nil {
		return err
	}
	c.put(key, v, cachedPage{body: body, ctype: ct})
	return writePage(w, body, ct)
}

// writePage sends a portal page. The page is the same for every visitor
// (elder mode and other choices live in the browser), so it varies by
// nothing; browsers revalidate it, as they do the published files (gongkai
// publish --nginx-conf).
func writePage(w http.ResponseWriter, body []byte, ct string) error {
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, err := w.Write(body)
	return err
}

// renderPortal renders a portal page to bytes (for the cache).
func (s *Server) renderPortal(r *http.Request, name string, p *Page) ([]byte, string, error) {
	b, err := s.RenderBytes(r, name, p)
	return b, "text/html; charset=utf-8", err
}
