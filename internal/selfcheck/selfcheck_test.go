package selfcheck_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gongkai/internal/selfcheck"
	"gongkai/internal/store/storetest"
)

func TestProbe(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	defer srv.Close()
	if p, err := selfcheck.Probe(ctx, st, srv.URL, nil); err != nil || !p.OK || p.Status != 200 {
		t.Errorf("probe of a working site: %+v, %v", p, err)
	}
	status = http.StatusBadGateway
	if p, _ := selfcheck.Probe(ctx, st, srv.URL, nil); p.OK || p.Error != "HTTP 502" {
		t.Errorf("probe of a 502: %+v", p)
	}
	srv.Close()
	if p, _ := selfcheck.Probe(ctx, st, srv.URL, nil); p.OK || p.Error == "" {
		t.Errorf("probe of a closed port: %+v", p)
	}
	ps, err := st.Probes(ctx, time.Now().Add(-time.Hour))
	if err != nil || len(ps) != 3 || !ps[0].OK || ps[1].OK || ps[2].OK {
		t.Errorf("stored probes = %+v, %v", ps, err)
	}
	if _, err := selfcheck.Probe(ctx, st, "ftp://x/", nil); err == nil {
		t.Error("a probe of ftp:// was made")
	}
}
