// Package metrics is what /metrics exports in the Prometheus text format
// (github.com/prometheus/client_golang): requests and their latency per
// route pattern and status class, job runs and failures, the notification
// outbox, the database pools, the statutory clocks due soon and overdue,
// the last backup and the free space. Counters of this node are kept in
// memory; the rest is read from the database at each scrape, so every
// node reports the same figures for the shared state.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"gongkai/internal/store"
)

// Metrics holds the registry and this node's counters.
type Metrics struct {
	reg         *prometheus.Registry
	http        *prometheus.HistogramVec
	jobRuns     *prometheus.CounterVec
	jobFailures *prometheus.CounterVec
}

// New registers the metrics of st. backupDir returns the folder of the
// scheduled backups ("" when none), for its free space.
func New(st *store.Store, version string, backupDir func(ctx context.Context) string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.http = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "gongkai_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route pattern and status class (2xx, 3xx, 4xx, 5xx).",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "code"})
	m.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gongkai_job_runs_total", Help: "Background job runs on this node."}, []string{"job"})
	m.jobFailures = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gongkai_job_failures_total", Help: "Background job runs on this node that failed."}, []string{"job"})
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "gongkai_build_info", Help: "The program's version.", ConstLabels: prometheus.Labels{"version": version, "dialect": string(st.Dialect)}})
	build.Set(1)
	m.reg.MustRegister(m.http, m.jobRuns, m.jobFailures, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&state{st: st, backupDir: backupDir})
	for name, db := range st.Pools() {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Timeout: 10 * time.Second})
}

// ObserveHTTP records one answered request. route is the matched pattern
// (e.g. "GET /admin/requests/{id}"), "" when none matched.
func (m *Metrics) ObserveHTTP(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.http.WithLabelValues(route, strconv.Itoa(status/100)+"xx").Observe(d.Seconds())
}

// JobRun records one run of a background job.
func (m *Metrics) JobRun(job string, err error) {
	m.jobRuns.WithLabelValues(job).Inc()
	if err != nil {
		m.jobFailures.WithLabelValues(job).Inc()
	}
}

// state reads the shared state from the database at each scrape.
type state struct {
	st        *store.Store
	backupDir func(ctx context.Context) string
}

var (
	descUp           = prometheus.NewDesc("gongkai_database_up", "1 when the database answered this scrape.", nil, nil)
	descOutbox       = prometheus.NewDesc("gongkai_notify_outbox", "Notification deliveries by state: pending (waiting or being retried) and failed (given up).", []string{"state"}, nil)
	descClocks       = prometheus.NewDesc("gongkai_request_clocks", "Open statutory clocks of requests for information: due_soon and overdue.", []string{"state"}, nil)
	descJobLast      = prometheus.NewDesc("gongkai_job_last_run_timestamp_seconds", "When each background job last ran on any node.", []string{"job"}, nil)
	descJobLastError = prometheus.NewDesc("gongkai_job_last_run_failed", "1 when the job's last run (on any node) failed.", []string{"job"}, nil)
	descBackupLast   = prometheus.NewDesc("gongkai_backup_last_success_timestamp_seconds", "When the last backup (scheduled or from the console) succeeded; 0 if never.", nil, nil)
	descBackupSize   = prometheus.NewDesc("gongkai_backup_last_size_bytes", "Size of the last successful backup file.", nil, nil)
	descBackupFailed = prometheus.NewDesc("gongkai_backup_last_run_failed", "1 when the latest backup run failed.", nil, nil)
	descFree         = prometheus.NewDesc("gongkai_storage_free_bytes", "Free space of the data folder (SQLite) and the backup folder.", []string{"folder"}, nil)
	descStorageFull  = prometheus.NewDesc("gongkai_storage_full", "1 when writes are refused for lack of space (in the last minute) or the data folder is nearly full.", nil, nil)
)

func (c *state) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descUp, descOutbox, descClocks, descJobLast, descJobLastError, descBackupLast, descBackupSize, descBackupFailed, descFree, descStorageFull} {
		ch <- d
	}
}

func (c *state) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	up := 1.0
	if err := c.st.Ping(ctx); err != nil {
		up = 0
	}
	gauge(descUp, up)
	full := 0.0
	if c.st.StorageProblem(ctx) != nil {
		full = 1
	}
	gauge(descStorageFull, full)
	if dir := c.st.DataDir(); dir != "" {
		if d, err := store.DiskOf(dir); err == nil {
			gauge(descFree, float64(d.Free), "data")
		}
	}
	if up == 0 {
		return
	}
	if dir := c.backupDir(ctx); dir != "" {
		if d, err := store.DiskOf(dir); err == nil {
			gauge(descFree, float64(d.Free), "backup")
		}
	}
	if pending, failed, err := c.st.OutboxCounts(ctx); err == nil {
		gauge(descOutbox, float64(pending), "pending")
		gauge(descOutbox, float64(failed), "failed")
	}
	if soon, over, err := c.st.ClockCounts(ctx, c.st.Now()); err == nil {
		gauge(descClocks, float64(soon), "due_soon")
		gauge(descClocks, float64(over), "overdue")
	}
	if runs, err := c.st.JobRuns(ctx); err == nil {
		for _, j := range runs {
			gauge(descJobLast, float64(j.LastRun.Unix()), j.Name)
			failed := 0.0
			if j.Error != "" {
				failed = 1
			}
			gauge(descJobLastError, failed, j.Name)
		}
	}
	if last, ok, err := c.st.LastBackup(ctx, "", true); err == nil {
		t, size := 0.0, 0.0
		if ok {
			t, size = float64(last.Finished.Unix()), float64(last.Size)
		}
		gauge(descBackupLast, t)
		gauge(descBackupSize, size)
	}
	if last, ok, err := c.st.LastBackup(ctx, "", false); err == nil {
		failed := 0.0
		if ok && !last.OK {
			failed = 1
		}
		gauge(descBackupFailed, failed)
	}
}
