package request

import (
	"testing"

	"gongkai/internal/workday"
)

var fuzzTypes = []EventType{EvReceived, EvCorrectionRequested, EvCorrectionReceived, EvExtended, EvConsultationStarted,
	EvConsultationEnded, EvReplied, EvAbandoned, EvFeeNotified, EvFeePaid}

// FuzzReplay drives the clock with arbitrary event sequences: it must
// never panic, and an accepted sequence keeps its invariants.
func FuzzReplay(f *testing.F) {
	f.Add([]byte{0, 10, 3, 5, 20, 4, 6, 1, 6, 3, 0})
	f.Add([]byte{0, 1, 1, 2, 0, 2, 3, 20, 0, 9, 4})
	f.Add([]byte{0, 200, 8, 4, 5, 9, 9, 3, 7, 1, 2})
	cal := workday.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 90 {
			data = data[:90]
		}
		on := workday.MustDate("2023-01-02")
		var evs []Event
		for i := 0; i+2 < len(data); i += 3 {
			on = on.AddDays(int(data[i+1] % 40))
			ev := Event{Type: fuzzTypes[int(data[i])%len(fuzzTypes)], On: on, Workdays: int(data[i+2] % 30),
				ApprovedBy: "leader", Notified: data[i+2]%7 != 0, Party: ThirdParty, Amount: int64(data[i+2]),
				Outcome: Outcomes[int(data[i+2])%len(Outcomes)].Code}
			evs = append(evs, ev)
		}
		c, err := Replay(cal, evs)
		if err != nil {
			return
		}
		if c.ExtensionDays > MaxExtensionDays {
			t.Fatalf("extension %d > %d", c.ExtensionDays, MaxExtensionDays)
		}
		if !c.DueOn.IsZero() && c.DueOn.Before(c.StartOn) {
			t.Fatalf("due %s before start %s", c.DueOn, c.StartOn)
		}
		if c.State.Closed() != !c.ClosedOn.IsZero() {
			t.Fatalf("state %s with closed on %s", c.State, c.ClosedOn)
		}
		if c.State.Closed() && !c.Outcome.Valid() {
			t.Fatalf("closed with outcome %q", c.Outcome)
		}
	})
}

// FuzzValidate checks that any application text is normalised and
// validated without panicking, and that limits hold for accepted input.
func FuzzValidate(f *testing.F) {
	f.Add("张明", "370882199003071238", "13805371234", "a@b.cn", "招生", "natural")
	f.Add("", "91370882MA3C4XY20A", "0537-3412345", "", "x", "commercial")
	f.Fuzz(func(t *testing.T, name, id, phone, email, desc, typ string) {
		a := Application{Applicant: Applicant{Type: ApplicantType(typ), Name: name, IDNumber: id, Phone: phone, Email: email},
			Description: desc, Form: "paper", Channel: Online}
		a.Normalize()
		if len(a.Validate()) == 0 {
			if !a.Applicant.Type.Valid() || a.Description == "" || (a.Applicant.Phone == "" && a.Applicant.Email == "") {
				t.Fatalf("accepted an incomplete application: %+v", a)
			}
		}
	})
}
