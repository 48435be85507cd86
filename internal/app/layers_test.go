package app_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// importGraph reads the imports of every non-test Go file under the
// module's internal/ folder: package path → the gongkai packages it
// imports.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("..") // internal/
	if err != nil {
		t.Fatal(err)
	}
	g := map[string][]string{}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := "gongkai/internal/" + filepath.ToSlash(rel)
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if path == "gongkai" || strings.HasPrefix(path, "gongkai/") {
				g[pkg] = append(g[pkg], path)
			}
		}
		if _, ok := g[pkg]; !ok {
			g[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// reaches returns the path by which from imports to (directly or not), or
// nil.
func reaches(g map[string][]string, from, to string) []string {
	seen := map[string]bool{}
	var walk func(p string) []string
	walk = func(p string) []string {
		if p == to {
			return []string{p}
		}
		if seen[p] {
			return nil
		}
		seen[p] = true
		deps := append([]string(nil), g[p]...)
		sort.Strings(deps)
		for _, d := range deps {
			if path := walk(d); path != nil {
				return append([]string{p}, path...)
			}
		}
		return nil
	}
	return walk(from)
}

// TestLayers keeps the data flowing one way (DESIGN §3): the JSON API and
// the HTML side are siblings over httpx and never import each other; the
// shared HTTP layer imports neither; the store and the domain packages
// import no transport.
func TestLayers(t *testing.T) {
	g := importGraph(t)
	const p = "gongkai/internal/"
	for _, pkg := range []string{"api", "web", "httpx", "store", "publish"} {
		if _, ok := g[p+pkg]; !ok {
			t.Fatalf("package %s not found under internal/", pkg)
		}
	}
	forbidden := map[string][]string{
		"api":     {"web", "app", "cli", "publish"},
		"web":     {"api", "app", "cli", "publish"},
		"httpx":   {"web", "api", "app", "cli", "publish"},
		"store":   {"httpx", "web", "api", "app", "cli", "publish"},
		"publish": {"api", "app", "cli"}, // renders through web's handlers, above them
	}
	for _, dom := range []string{"auth", "disclosure", "request", "participation", "plan", "org", "workday", "institution", "exchange"} {
		forbidden[dom] = []string{"store", "httpx", "web", "api", "app", "cli", "publish"}
	}
	for from, tos := range forbidden {
		for _, to := range tos {
			if path := reaches(g, p+from, p+to); path != nil {
				t.Errorf("%s imports %s: %s", from, to, strings.Join(path, " → "))
			}
		}
	}
}
