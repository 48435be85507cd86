package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/workday"
)

// chartJSON turns an ECharts option into a data block for static/app.js
// (json.Marshal escapes <, > and &, so it is safe inside the script block).
func chartJSON(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return template.JS("{}")
	}
	return template.JS(b)
}

// formDate reads a YYYY-MM-DD field of the posted form; label names the
// field in the message. An empty optional field is the zero date.
func formDate(r *http.Request, name, label string, required bool) (workday.Date, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		if required {
			return workday.Date{}, gongkai.Errorf(gongkai.EINVALID, "请填写“%s”（YYYY-MM-DD）", label)
		}
		return workday.Date{}, nil
	}
	d, err := workday.ParseDate(v)
	if err != nil {
		return d, gongkai.Errorf(gongkai.EINVALID, "“%s”：%s", label, err.Error())
	}
	return d, nil
}
