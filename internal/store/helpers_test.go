package store_test

import (
	"strconv"

	"gongkai/internal/store"
)

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// requestsRecomputed, documentsRecomputed and participationRecomputed pick
// one area's count out of Store.RecomputeClocks.
func requestsRecomputed(c store.ClockChanges, err error) (int, error)  { return c.Requests, err }
func documentsRecomputed(c store.ClockChanges, err error) (int, error) { return c.Documents, err }
func participationRecomputed(c store.ClockChanges, err error) (int, error) {
	return c.Participation, err
}
