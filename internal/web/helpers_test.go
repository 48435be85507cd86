package web_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"
)

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
