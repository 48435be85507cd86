// Package office reads tables out of the files people actually send around
// in government offices (text copied out of Word, TSV/CSV, Excel .xlsx and
// Word .docx), maps their header rows onto a schema by meaning, and writes
// simple .docx documents.
//
// Every message meant for a user is in Simplified Chinese and names the file,
// and where it makes sense the sheet or table, the row and the column.
//
// This is the one place that opens these files, and it reads them within
// Limits (limits.go): a zip is checked entry by entry before anything is
// inflated (zipcheck.go), a workbook's XML is walked as a stream before
// excelize parses it (xlsxscan.go), formulas are calculated only when that
// is cheap (formula.go), and a .csv can be streamed (csv.go). Package bombs
// writes the hostile files the tests and bench/officemem use.
package office

import (
	"fmt"
	"strconv"
	"strings"

	"gongkai"
)

// MaxFileSize is the largest file ReadTables and DocxText accept by
// default (Limits.FileSize). It is checked before anything else.
const MaxFileSize = 20 << 20

// Error is a parse, mapping or limit error that points at a place in a
// file. It unwraps to a *gongkai.Error with the same text, so the console
// and the API answer it with its code's status (400, or 413 for a file over
// a size limit) and the CLI prints it.
type Error struct {
	File  string
	Sheet string // sheet name for .xlsx, table name such as "表1" otherwise
	Row   int    // 1-based, 0 = n/a
	Col   int    // 1-based, 0 = n/a
	Msg   string
	// Code is the application error code: gongkai.EINVALID when empty,
	// gongkai.ETOOLARGE for a size limit (a zip bomb).
	Code string
}

// Unwrap returns the application error: e's code and its whole message.
func (e *Error) Unwrap() error {
	code := e.Code
	if code == "" {
		code = gongkai.EINVALID
	}
	return &gongkai.Error{Code: code, Message: e.Error()}
}

// Error formats the location and message, e.g.
// "tasks.xlsx 工作表“Sheet1” 第5行 第3列：…".
func (e *Error) Error() string {
	loc := e.location()
	if loc == "" {
		return e.Msg
	}
	return loc + "：" + e.Msg
}

// location is the "file 工作表“x” 第n行 第m列" part of the message.
func (e *Error) location() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		if isGeneratedTableName(e.Sheet) {
			b.WriteString(" " + e.Sheet)
		} else {
			b.WriteString(" 工作表“" + e.Sheet + "”")
		}
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, " 第%d行", e.Row)
	}
	if e.Col > 0 {
		fmt.Fprintf(&b, " 第%d列", e.Col)
	}
	return strings.TrimPrefix(b.String(), " ")
}

// tableName is the name given to the n-th (1-based) table of a file that has
// no sheet names.
func tableName(n int) string { return "表" + strconv.Itoa(n) }

func isGeneratedTableName(s string) bool {
	rest, ok := strings.CutPrefix(s, "表")
	if !ok || rest == "" {
		return false
	}
	_, err := strconv.Atoi(rest)
	return err == nil
}

func newErr(file, msg string) *Error { return &Error{File: file, Msg: msg} }
