package publish_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

func TestNginxConf(t *testing.T) {
	conf, err := publish.NginxConf(publish.NginxOptions{Dir: "/srv/gongkai/site", Upstream: "127.0.0.1:8080", Listen: "80", UploadMaxMB: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"root /srv/gongkai/site;", "server 127.0.0.1:8080;", "gzip_static on;", "try_files $uri $uri/index.html @gongkai;",
		"error_page 503 /errors/503.html;", "client_max_body_size 25m;", "Content-Security-Policy", `add_header Content-Disposition "attachment"`} {
		if !bytes.Contains(conf, []byte(want)) {
			t.Errorf("nginx configuration lacks %q", want)
		}
	}
	if _, err := publish.NginxConf(publish.NginxOptions{Dir: "/srv/x; evil", Upstream: "127.0.0.1:8080"}); err == nil {
		t.Errorf("a directory with ';' was accepted")
	}
	if _, err := publish.NginxConf(publish.NginxOptions{Dir: "/srv/x", TLSCert: "/etc/ssl/a.pem"}); err == nil {
		t.Errorf("a certificate without its key was accepted")
	}

	// nginx itself accepts both forms (nginx -t).
	bin := nginxBin(t)
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	for _, o := range []publish.NginxOptions{
		{Dir: dir, Upstream: "127.0.0.1:8080", Listen: freePort(t)},
		{Dir: dir, Upstream: "127.0.0.1:8080", Listen: freePort(t), TLSCert: cert, TLSKey: key, ServerName: "xxgk.example.gov.cn"},
	} {
		conf, err := publish.NginxConf(o)
		if err != nil {
			t.Fatal(err)
		}
		if o.TLSCert != "" && (!bytes.Contains(conf, []byte(cert+";")) || bytes.Count(conf, []byte("Strict-Transport-Security")) < 6) {
			t.Errorf("HTTPS configuration lacks the certificate or HSTS in every location:\n%s", conf)
		}
		prefix := nginxPrefix(t, conf)
		out, err := exec.Command(bin, "-t", "-p", prefix, "-c", filepath.Join(prefix, "nginx.conf"), "-e", filepath.Join(prefix, "error.log")).CombinedOutput()
		if err != nil {
			t.Errorf("nginx -t (TLS %v): %v\n%s", o.TLSCert != "", err, out)
		}
	}
}

// nginxBin is the nginx the tests run: GONGKAI_TEST_NGINX (which must
// then work), else nginx on the PATH or in /usr/sbin. Without nginx on the
// machine the test is skipped and says how to get it; .ci/run installs it,
// so CI always runs these tests.
func nginxBin(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("GONGKAI_TEST_NGINX"); bin != "" {
		if out, err := exec.Command(bin, "-v").CombinedOutput(); err != nil {
			t.Fatalf("GONGKAI_TEST_NGINX=%s does not run: %v\n%s", bin, err, out)
		}
		return bin
	}
	for _, bin := range []string{"nginx", "/usr/sbin/nginx"} {
		if p, err := exec.LookPath(bin); err == nil {
			return p
		}
	}
	t.Skip("nginx is not installed (no GONGKAI_TEST_NGINX, none on the PATH or in /usr/sbin): the published portal was not checked behind nginx; install it (apt-get install nginx-light) or run .ci/run, which does")
	return ""
}

// selfSigned writes a throw-away certificate and key for nginx -t.
func selfSigned(t *testing.T, dir string) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "xxgk.example.gov.cn"}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, keyFile
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// nginxPrefix writes a main nginx.conf around the generated configuration
// in a fresh prefix folder (its logs, pid and temporary folders there).
func nginxPrefix(t *testing.T, conf []byte) string {
	t.Helper()
	prefix := t.TempDir()
	if err := os.WriteFile(filepath.Join(prefix, "gongkai.conf"), conf, 0o644); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the workers read the test's private temporary directories
	}
	mime := "/etc/nginx/mime.types"
	if _, err := os.Stat(mime); err != nil {
		t.Fatalf("nginx's mime.types not found at %s", mime)
	}
	main := fmt.Sprintf(`%s
worker_processes 1;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 256; }
http {
    include %[3]s;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    include %[2]s/gongkai.conf;
}
`, user, prefix, mime)
	if err := os.WriteFile(filepath.Join(prefix, "nginx.conf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	return prefix
}

// startNginx runs nginx with the generated configuration on a free port
// and returns its address.
func startNginx(t *testing.T, bin, dir, upstream string) string {
	t.Helper()
	addr := freePort(t)
	conf, err := publish.NginxConf(publish.NginxOptions{Dir: dir, Upstream: upstream, Listen: addr})
	if err != nil {
		t.Fatal(err)
	}
	prefix := nginxPrefix(t, conf)
	cmd := exec.Command(bin, "-p", prefix, "-c", filepath.Join(prefix, "nginx.conf"), "-e", filepath.Join(prefix, "error.log"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	})
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr
		}
		time.Sleep(50 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
	t.Fatalf("nginx did not start: %s\n%s", out.String(), log)
	return ""
}

type response struct {
	status int
	ctype  string
	body   []byte
	header http.Header
}

var raw = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func fetch(t *testing.T, method, base, path string, hdr map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, base+(&url.URL{Path: path}).EscapedPath(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(path, "?") {
		req.URL, _ = url.Parse(base + path)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := raw.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header.Get("Content-Type"), b, resp.Header}
}

// TestNginxServesPublishedPortal is the end-to-end check of static
// publishing: the demo published, nginx (with the generated configuration)
// in front of gongkai; every page of the sitemap and every published file
// served by nginx is byte-for-byte the page gongkai serves, compressed
// copies included; then gongkai stops and every published address still
// answers 200 while the dynamic ones get the static 503 page.
func TestNginxServesPublishedPortal(t *testing.T) {
	bin := nginxBin(t)
	env := webtest.Start(t)
	env.ImportDocs(t, 45, "静态发布测试文件")
	env.PublishDoc(t, "关于静态发布的附件测试通知", store.NewAttachment{Name: "附件1 报名表.txt", ContentType: "text/plain", Data: []byte("报名表：姓名、学校、年级。")})
	gk := httptest.NewServer(env.App.Handler())
	defer gk.Close()
	dir := t.TempDir()
	p, err := env.App.Publisher(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := p.Full(context.Background(), "test"); err != nil || res.Failed > 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	ngx := "http://" + startNginx(t, bin, dir, strings.TrimPrefix(gk.URL, "http://"))

	// The sitemap, from nginx: every page byte-identical to gongkai's.
	sm := fetch(t, "GET", ngx, "/sitemap.xml", nil)
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(sm.body, &set); err != nil || len(set.URLs) < 50 {
		t.Fatalf("sitemap from nginx (%d, %s): %v", sm.status, sm.ctype, err)
	}
	base := strings.TrimRight(env.App.HTTP.Config.BaseURL, "/")
	var static []string
	for _, u := range set.URLs {
		path := strings.TrimPrefix(u.Loc, base)
		static = append(static, path)
		n, g := fetch(t, "GET", ngx, path, nil), fetch(t, "GET", gk.URL, path, nil)
		if n.status != http.StatusOK || g.status != http.StatusOK || !bytes.Equal(n.body, g.body) {
			t.Errorf("%s: nginx %d (%d bytes), gongkai %d (%d bytes); want the same page", path, n.status, len(n.body), g.status, len(g.body))
		}
		if n.ctype != g.ctype {
			t.Errorf("%s: nginx Content-Type %q, gongkai %q", path, n.ctype, g.ctype)
		}
		if n.header.Get("Content-Security-Policy") != g.header.Get("Content-Security-Policy") || n.header.Get("Vary") == "Cookie" {
			t.Errorf("%s: nginx headers %v differ from gongkai's security headers", path, n.header)
		}
	}
	// Every other published file: feeds, attachments, assets, error pages.
	for _, pg := range pages(t, env.App.Web) {
		if pg.Sitemap {
			continue
		}
		static = append(static, pg.Path)
		want := 200
		if pg.Status != 0 {
			want = pg.Status
		}
		n, g := fetch(t, "GET", ngx, pg.Path, nil), fetch(t, "GET", gk.URL, pg.Path, nil)
		if n.status != 200 || g.status != want || !bytes.Equal(n.body, g.body) {
			t.Errorf("%s: nginx %d (%d bytes), gongkai %d (%d bytes); want the same file", pg.Path, n.status, len(n.body), g.status, len(g.body))
		}
		if (strings.HasPrefix(pg.Path, "/rss/") || strings.HasPrefix(pg.Path, "/atom/") || strings.HasPrefix(pg.Path, "/open/")) && n.ctype != g.ctype {
			t.Errorf("%s: nginx Content-Type %q, gongkai %q", pg.Path, n.ctype, g.ctype)
		}
		if strings.HasPrefix(pg.Path, "/files/") && !strings.HasPrefix(n.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: nginx serves an attachment without Content-Disposition: attachment", pg.Path)
		}
	}
	// The precompressed copy for a client that takes gzip.
	z := fetch(t, "GET", ngx, "/docs/", map[string]string{"Accept-Encoding": "gzip"})
	if z.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("/docs/ with Accept-Encoding gzip: Content-Encoding %q", z.header.Get("Content-Encoding"))
	} else if zr, err := gzip.NewReader(bytes.NewReader(z.body)); err != nil {
		t.Error(err)
	} else if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, fetch(t, "GET", gk.URL, "/docs/", nil).body) {
		t.Errorf("/docs/ gzip copy differs from the page")
	}
	// Dynamic parts go to gongkai while it runs.
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/search?q=" + url.QueryEscape("静态发布"), "找到 46 条结果"},
		{"GET", "/apply", "政府信息公开申请"},
		{"GET", "/docs/?page=2", ""}, // the old address: gongkai's redirect
		{"GET", "/login", "登录"},
	} {
		r := fetch(t, tc.method, ngx, tc.path, nil)
		if (r.status != 200 && r.status != 301) || !strings.Contains(string(r.body), tc.want) {
			t.Errorf("%s %s via nginx: %d; want gongkai's page with %q", tc.method, tc.path, r.status, tc.want)
		}
	}
	if r := fetch(t, "POST", ngx, "/messages", nil); r.status == http.StatusMethodNotAllowed || r.status >= 500 {
		t.Errorf("POST /messages via nginx: %d; want gongkai's answer", r.status)
	}

	// gongkai stops: the published site still answers, the rest gets the
	// static 503 page.
	gk.Close()
	for _, path := range static {
		if r := fetch(t, "GET", ngx, path, nil); r.status != http.StatusOK {
			t.Errorf("%s with gongkai down: %d; want 200", path, r.status)
		}
	}
	if r := fetch(t, "GET", ngx, "/docs/?from=timeline", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), "最新公开信息") {
		t.Errorf("a page with a query, gongkai down: %d; want its published file", r.status)
	}
	for _, tc := range []struct{ method, path string }{
		{"GET", "/search?q=x"}, {"GET", "/apply"}, {"GET", "/apply/track"}, {"GET", "/messages/new"}, {"GET", "/admin/"},
		{"GET", "/api/v1/search?q=x"}, {"POST", "/messages"}, {"POST", "/apply"}, {"GET", "/login"},
	} {
		r := fetch(t, tc.method, ngx, tc.path, nil)
		if r.status != http.StatusServiceUnavailable || !strings.Contains(string(r.body), "该功能暂时无法使用") {
			t.Errorf("%s %s with gongkai down: %d; want the static 503 page", tc.method, tc.path, r.status)
		}
	}
	if r := fetch(t, "GET", ngx, "/.gongkai-publish.lock", nil); r.status != http.StatusNotFound {
		t.Errorf("the lock file is served: %d", r.status)
	}
}
