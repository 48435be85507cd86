package request

import (
	"time"

	"gongkai/internal/scan"
	"gongkai/internal/workday"
)

// Record is a stored request with its handling fields.
type Record struct {
	ID          int64
	Code        string
	Application Application
	State       State
	SubmittedAt time.Time
	ReceivedOn  workday.Date
	DueOn       workday.Date
	PausedUntil workday.Date
	ClosedOn    workday.Date
	Outcome     Outcome
	UnitID      int64
	UnitName    string
	UnitDueOn   workday.Date

	// The reply draft.
	DraftOutcome Outcome
	LegalBasis   string
	InfoProvided string
	ReplyBody    string
	DraftedBy    string

	// An extension asked for, waiting for the leader.
	ExtDays        int
	ExtReason      string
	ExtRequestedBy string

	FeeBasis  FeeBasis
	FeeUnits  int
	FeeAmount int64

	LetterSHA      string
	DeliveredOn    workday.Date
	DeliveryMethod string
	ArchivedAt     time.Time
	ArchiveSHA     string
	CreatedBy      string
	Version        int
	UpdatedAt      time.Time
}

// Masked returns a copy with identity, contact and address masked
// (scan.Mask), for lists and exports seen by people who do not handle it.
func (r Record) Masked() Record {
	p := &r.Application.Applicant
	if p.Type == Natural {
		p.Name = scan.Mask(scan.KindPersonalName, p.Name)
	}
	if p.IDNumber != "" {
		p.IDNumber = scan.Mask(scan.KindIDNumber, p.IDNumber)
	}
	if p.Phone != "" {
		if mobileRe.MatchString(p.Phone) {
			p.Phone = scan.Mask(scan.KindMobile, p.Phone)
		} else {
			p.Phone = "****"
		}
	}
	if p.Email != "" {
		p.Email = scan.Mask(scan.KindEmail, p.Email)
	}
	if p.Address != "" {
		p.Address = "（已隐去）"
	}
	if p.Contact != "" {
		p.Contact = scan.Mask(scan.KindPersonalName, p.Contact)
	}
	return r
}

// Overdue reports whether the reply is late on today.
func (r Record) Overdue(today workday.Date) bool {
	return !r.State.Closed() && r.State != Correction && r.State != Submitted && !r.DueOn.IsZero() && today.After(r.DueOn)
}
