package httpx

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"gongkai"
)

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// DecodeJSON reads a JSON body of at most max bytes into v, refusing
// unknown fields, with a Chinese message that says what is wrong.
func DecodeJSON(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return gongkai.Errorf(gongkai.EINVALID, "请求体应为 JSON（Content-Type: application/json）")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case err == io.EOF:
			return gongkai.Errorf(gongkai.EINVALID, "请求体为空")
		case errors.As(err, &mbe):
			return gongkai.Errorf(gongkai.ETOOLARGE, "请求体超过 %d KB 上限", max>>10)
		default:
			return gongkai.Errorf(gongkai.EINVALID, "JSON 格式错误：%v", err)
		}
	}
	return nil
}
