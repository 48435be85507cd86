package store

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/internal/disclosure"
)

// PublishedDocumentTitle returns the title and portal address of a
// published document, for the other areas that link documents by id.
func (s *Store) PublishedDocumentTitle(ctx context.Context, id int64) (title, url string, err error) {
	var status string
	if err := s.queryRow(ctx, `SELECT title, status FROM documents WHERE id = ?`, id).Scan(&title, &status); err != nil {
		return "", "", fmt.Errorf("store: document %d: %w", id, s.translate(err))
	}
	if status != string(disclosure.StatusPublished) {
		return "", "", gongkai.Errorf(gongkai.ENOTFOUND, "编号 %d 的文件尚未发布", id)
	}
	return title, disclosure.DocumentURL(id), nil
}
