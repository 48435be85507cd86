//go:build tools

// Package tools pins the dependencies that the packages of gongkai use,
// so that go mod tidy keeps them while those packages are being written.
package tools

import (
	_ "github.com/6tail/lunar-go/HolidayUtil"
	_ "github.com/chromedp/chromedp"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/microcosm-cc/bluemonday"
	_ "github.com/pressly/goose/v3"
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/crypto/argon2"
	_ "modernc.org/sqlite"
)
