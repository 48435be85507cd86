package org

import (
	"strings"
	"testing"

	"gongkai"
)

func TestUnitNameRefusesHiddenCharacters(t *testing.T) {
	for _, u := range []Unit{{Name: "实验\u202e小学", Kind: KindSchool}, {Name: "实验小学", Code: "SY\x01", Kind: KindSchool}, {Name: "实验小学", Kind: KindSchool, Tags: []string{"城区\u200b"}}} {
		if err := u.Validate(); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "“单位") {
			t.Errorf("Validate(%+v) = %v; want invalid naming the field", u, err)
		}
	}
	ok := Unit{Name: "实验小学（东校区）", Kind: KindSchool, Tags: []string{"城区"}}
	if err := ok.Validate(); err != nil {
		t.Errorf("ordinary unit: %v", err)
	}
}
