package web_test

import "gongkai/internal/store"

// itoa comes from web_test.go (main).

func storeAll() store.RequestFilter { return store.RequestFilter{} }
