package request

import (
	"strings"
	"testing"

	"gongkai/internal/scan"
)

func goodApp() Application {
	id := "37088219900307" + "123"
	id += string(scan.IDCheckChar(id))
	return Application{
		Applicant:   Applicant{Type: Natural, Name: "张明", IDNumber: id, Phone: "13805371234", Address: "兖州区建设路1号"},
		Description: "2023年兖州区义务教育阶段学校招生划片范围", Form: "email", Channel: Online,
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(a *Application)
		field string // "" = valid
	}{
		{"valid", func(a *Application) { a.Applicant.Email = "zm@example.com" }, ""},
		{"email form without email", func(a *Application) {}, "applicant.email"},
		{"bad id check", func(a *Application) { a.Applicant.IDNumber = "370882199003071230" }, "applicant.id_number"},
		{"org with credit code", func(a *Application) {
			a.Applicant.Type, a.Applicant.IDNumber, a.Form = LegalService, "91370882MA3C4XY20A", "paper"
		}, ""},
		{"org with bad code", func(a *Application) { a.Applicant.Type, a.Applicant.IDNumber, a.Form = Commercial, "123", "paper" }, "applicant.id_number"},
		{"no contact", func(a *Application) { a.Applicant.Phone, a.Form = "", "paper" }, "applicant.phone"},
		{"bad phone", func(a *Application) { a.Applicant.Phone, a.Form = "12345", "paper" }, "applicant.phone"},
		{"landline", func(a *Application) { a.Applicant.Phone, a.Form = "0537-3412345", "paper" }, ""},
		{"too long description", func(a *Application) { a.Description, a.Form = strings.Repeat("信", MaxDescription+1), "paper" }, "description"},
		{"empty description", func(a *Application) { a.Description, a.Form = "", "paper" }, "description"},
		{"bad type", func(a *Application) { a.Applicant.Type, a.Form = "person", "paper" }, "applicant.type"},
		{"bad channel", func(a *Application) { a.Channel, a.Form = "wechat", "paper" }, "channel"},
		{"bad form", func(a *Application) { a.Form = "carrier pigeon" }, "form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := goodApp()
			tt.edit(&a)
			a.Normalize()
			errs := a.Validate()
			if tt.field == "" {
				if len(errs) != 0 {
					t.Fatalf("Validate() = %v; want none", errs)
				}
				return
			}
			if len(errs) == 0 || errs[0].Field != tt.field {
				t.Fatalf("Validate() = %v; want first error on %s", errs, tt.field)
			}
		})
	}
}
