package web_test

import (
	"strconv"

	"gongkai/internal/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func storeAll() store.RequestFilter { return store.RequestFilter{} }
