package store

import (
	"context"

	"gongkai/internal/disclosure"
)

// PrecheckDocument runs the pre-publication checks over a stored document
// with the sensitive-word list: what the console shows on the document
// page and records with a review decision, and what the API records the
// same way.
func (s *Store) PrecheckDocument(ctx context.Context, d disclosure.Document) (disclosure.Report, error) {
	words, err := s.SensitiveWords(ctx)
	if err != nil {
		return disclosure.Report{}, err
	}
	return disclosure.Check(disclosure.CheckInput{Title: d.Title, DocNo: d.DocNo, WrittenOn: d.WrittenOn.String(), Issuer: d.IssuerName(),
		Genre: d.Genre, Topic: d.Topic, CatalogItemID: d.CatalogItemID, Attribute: d.Attribute, Ground: d.AttributeGround, Body: d.BodyText}, words), nil
}
