package plan

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"gongkai"
)

// Allowed evidence types, by extension, with the content types a sniff of
// the content may give for them.
var evidenceTypes = map[string][]string{
	".pdf":  {"application/pdf"},
	".docx": {"application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	".xlsx": {"application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	".doc":  {"application/octet-stream", "application/msword"},
	".xls":  {"application/octet-stream", "application/vnd.ms-excel"},
	".jpg":  {"image/jpeg"},
	".jpeg": {"image/jpeg"},
	".png":  {"image/png"},
	".gif":  {"image/gif"},
	".webp": {"image/webp"},
}

var canonicalType = map[string]string{
	".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".doc": "application/msword",
	".xls": "application/vnd.ms-excel", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".gif": "image/gif", ".webp": "image/webp",
}

// CheckEvidence checks an uploaded file's name, size and content and
// returns the content type to store it under.
func CheckEvidence(name string, data []byte, maxBytes int64) (string, error) {
	base := filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if len(data) == 0 {
		return "", gongkai.Errorf(gongkai.EINVALID, "文件“%s”是空的", base)
	}
	if int64(len(data)) > maxBytes {
		return "", gongkai.Errorf(gongkai.ETOOLARGE, "文件“%s”超过 %d MB 上限", base, maxBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(base))
	want, ok := evidenceTypes[ext]
	if !ok {
		return "", gongkai.Errorf(gongkai.EINVALID, "文件“%s”的类型不允许，只能上传 pdf、docx、xlsx、doc、xls 或图片（jpg、png、gif、webp）", base)
	}
	sniff := http.DetectContentType(data)
	if i := strings.Index(sniff, ";"); i >= 0 {
		sniff = sniff[:i]
	}
	for _, w := range want {
		if sniff == w {
			return canonicalType[ext], nil
		}
	}
	return "", gongkai.Errorf(gongkai.EINVALID, "文件“%s”的内容与扩展名 %s 不符，请检查文件是否损坏", base, ext)
}

// CleanLinks splits a links field (one per line) and keeps http(s) URLs
// and local paths; anything else is an error naming it.
func CleanLinks(text string) ([]string, error) {
	var out []string
	for _, l := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ' ' || r == '\u3000' }) {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") {
			out = append(out, l)
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, gongkai.Errorf(gongkai.EINVALID, "链接“%s”无效：请填写以 http:// 或 https:// 开头的已发布页面地址", l)
		}
		out = append(out, u.String())
		if len(out) > 20 {
			return nil, gongkai.Errorf(gongkai.EINVALID, "链接最多 20 个")
		}
	}
	return out, nil
}
