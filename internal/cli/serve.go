package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/demo"
)

// serveGCPercent is serve's garbage-collection target (GOGC).
const serveGCPercent = 50

func runServe(ctx context.Context, env Env, args []string) error {
	fs := flags("serve")
	addr := fs.String("addr", "", "监听地址")
	db := fs.String("db", "", "数据库")
	withDemo := fs.Bool("demo", false, "空数据库时创建示例数据")
	migrate := fs.Bool("migrate", false, "启动前自动升级数据库结构")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve 不接受位置参数：%v", pos)
	}
	cfg, err := loadConfig(env, *db)
	if err != nil {
		return err
	}
	if *addr != "" {
		cfg.Addr = *addr
		if env.Getenv("GONGKAI_BASE_URL") == "" && env.Getenv("GONGKAI_BASE_URL_FILE") == "" {
			cfg.BaseURL = "http://" + *addr // the probes and the daily inspection look at this server
		}
	}
	log := newLogger(env.Stderr, env.Getenv)
	if env.Getenv("GOGC") == "" {
		// The word index is most of the live heap and lives as long as the
		// process; collecting at half of it again instead of all of it keeps
		// the server under 150 MB at 100,000 documents (134 MB after the 200
		// queries of bench/search.sh) at the same speed. GOGC in the
		// environment overrides it.
		debug.SetGCPercent(serveGCPercent)
	}
	start := time.Now()
	a, err := app.New(ctx, cfg, log, *migrate || *withDemo)
	if err != nil {
		return err
	}
	defer a.Close()
	if *withDemo {
		res, err := demo.Seed(ctx, a.Store, time.Now())
		if err != nil {
			return fmt.Errorf("创建示例数据失败：%w", err)
		}
		demo.PrintLogins(env.Stdout, res)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	jobs, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	a.Start(jobs)
	a.Store.WarmSearch(jobs) // the dictionary and the word index, in the background
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	log.Info("gongkai 已启动", "addr", "http://"+ln.Addr().String(), "db", a.Store.Where, "dialect", a.Store.Dialect,
		"startup", time.Since(start).Round(time.Millisecond), "pid", os.Getpid())
	fmt.Fprintf(env.Stdout, "门户网站：http://%s/\n工作平台：http://%s/admin/\n", ln.Addr(), ln.Addr())
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("无法监听监控地址 GONGKAI_METRICS_ADDR=%s：%w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.MetricsHandler())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute}
		defer msrv.Close()
		go func() {
			if err := msrv.Serve(mln); !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("监控地址 %s：%w", cfg.MetricsAddr, err)
			}
		}()
		log.Info("监控指标", "addr", "http://"+mln.Addr().String()+"/metrics")
	}
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("正在停止……")
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return fmt.Errorf("停止服务：%w", err)
		}
		log.Info("已停止")
	}
	return nil
}
