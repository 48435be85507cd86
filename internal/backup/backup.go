// Package backup is the archive format of `gongkai backup` and
// `gongkai restore`: one portable file, independent of the database kind,
// holding every table of the database row by row, the files of the blobs
// table, the schema version and a manifest of row counts and SHA-256
// checksums per table and per blob.
//
// The file is a tar stream compressed with zstd, optionally encrypted
// with age (a passphrase, scrypt): age(zstd(tar)). Its entries, in order:
//
//	header.json                     Header: format, program version, schema version and migrations, tables and columns
//	tables/<name>/<NNNNNN>.jsonl    rows of a table, one JSON array per line, in primary-key order
//	blobs/<sha256>                  the bytes of a bytes value (stored once; a row holds the hash)
//	manifest.json                   Manifest: rows and SHA-256 per table, size per blob
//
// A table's checksum is the SHA-256 of its rows as written (the chunks
// concatenated), so a restore can hash the restored rows the same way and
// compare. Values are canonical: int as a JSON integer, real as a JSON
// number, bool as true/false, text as a JSON string, bytes as the hex
// SHA-256 of the bytes, NULL as null — the same whichever database wrote
// them. The package knows nothing of SQL; internal/store reads and writes
// the databases.
package backup

import (
	"fmt"
	"regexp"
)

// Format is the version of the archive layout written by this program.
const Format = 1

// Column types in an archive.
const (
	TypeInt   = "int"
	TypeReal  = "real"
	TypeBool  = "bool"
	TypeText  = "text"
	TypeBytes = "bytes"
)

// Column is one column of a table.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// TableSchema is a table as the header lists it.
type TableSchema struct {
	Name    string   `json:"name"`
	Columns []Column `json:"columns"`
}

// Header opens the archive: what wrote it, from which database and schema,
// and which tables follow.
type Header struct {
	Format         int           `json:"format"`
	Program        string        `json:"program"`
	ProgramVersion string        `json:"program_version"`
	CreatedAt      string        `json:"created_at"` // UTC, RFC 3339
	Source         string        `json:"source"`     // "sqlite" or "postgres"
	SchemaVersion  int64         `json:"schema_version"`
	Migrations     []int64       `json:"migrations"` // every applied migration
	Tables         []TableSchema `json:"tables"`
}

// TableSum is a table's row count and checksum.
type TableSum struct {
	Name   string `json:"name"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
	Chunks int    `json:"chunks"`
}

// BlobSum is one stored blob.
type BlobSum struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Manifest closes the archive: the header again, and the counts and
// checksums of everything between.
type Manifest struct {
	Header
	Tables    []TableSum `json:"table_sums"`
	Blobs     []BlobSum  `json:"blobs"`
	Rows      int64      `json:"rows"`       // all tables
	BlobBytes int64      `json:"blob_bytes"` // all blobs
}

// Table returns the sum of the named table.
func (m *Manifest) Table(name string) (TableSum, bool) {
	for _, t := range m.Tables {
		if t.Name == name {
			return t, true
		}
	}
	return TableSum{}, false
}

// Schema returns the columns of the named table.
func (h *Header) Schema(name string) (TableSchema, bool) {
	for _, t := range h.Tables {
		if t.Name == name {
			return t, true
		}
	}
	return TableSchema{}, false
}

var (
	nameRe = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)
	hashRe = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// check validates the header's names and types, so that nothing read
// from an archive reaches SQL unchecked.
func (h *Header) check() error {
	if h.Format < 1 {
		return damaged("文件头缺少格式版本")
	}
	if h.Format > Format {
		return &Error{Kind: KindNewer, Message: fmt.Sprintf("备份文件的格式版本为 %d，本程序只认识 %d 及以前的版本：请用更新版本的 gongkai 恢复", h.Format, Format)}
	}
	seen := map[string]bool{}
	for _, t := range h.Tables {
		if !nameRe.MatchString(t.Name) || seen[t.Name] {
			return damaged(fmt.Sprintf("文件头中的表名“%s”无效或重复", t.Name))
		}
		seen[t.Name] = true
		if len(t.Columns) == 0 {
			return damaged(fmt.Sprintf("表 %s 没有列", t.Name))
		}
		cols := map[string]bool{}
		for _, c := range t.Columns {
			if !nameRe.MatchString(c.Name) || cols[c.Name] {
				return damaged(fmt.Sprintf("表 %s 的列名“%s”无效或重复", t.Name, c.Name))
			}
			cols[c.Name] = true
			switch c.Type {
			case TypeInt, TypeReal, TypeBool, TypeText, TypeBytes:
			default:
				return damaged(fmt.Sprintf("表 %s 的列 %s 类型“%s”无效", t.Name, c.Name, c.Type))
			}
		}
	}
	return nil
}

// Error kinds, for callers that act on them (the command line maps all to
// exit status 1 with the message).
const (
	KindDamaged    = "damaged"    // truncated, altered, not an archive
	KindPassphrase = "passphrase" // encrypted and no or a wrong passphrase
	KindNewer      = "newer"      // written by a newer program
)

// Error is a refusal to read an archive, with a message in Chinese that
// names the cause.
type Error struct {
	Kind    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + "（" + e.Err.Error() + "）"
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func damaged(what string) *Error {
	return &Error{Kind: KindDamaged, Message: "备份文件已损坏或不完整：" + what}
}
