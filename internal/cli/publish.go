package cli

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/publish"
)

// runPublish writes the whole public portal into a directory as files
// (a full rebuild), or with --nginx-conf prints the nginx configuration
// that serves them.
func runPublish(ctx context.Context, env Env, args []string) error {
	fs := flags("publish")
	out := fs.String("out", "", "发布目录（默认 GONGKAI_PUBLISH_DIR）")
	db := fs.String("db", "", "数据库")
	nginx := fs.Bool("nginx-conf", false, "不发布，打印 nginx 配置")
	upstream := fs.String("upstream", "", "nginx 转发动态请求的 gongkai 地址（默认 GONGKAI_ADDR）")
	listen := fs.String("listen", "", "nginx 的 listen 参数（默认 80，HTTPS 时 443）")
	serverName := fs.String("server-name", "_", "nginx 的 server_name")
	tlsCert := fs.String("tls-cert", "", "HTTPS 证书文件（与 --tls-key 一起给出时 nginx 监听 443，80 端口转到 HTTPS）")
	tlsKey := fs.String("tls-key", "", "HTTPS 私钥文件")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("publish 不接受位置参数：%v", pos)
	}
	cfg, err := loadConfig(env, *db)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = cfg.PublishDir
	}
	if dir == "" {
		return usagef("请用 --out 指定发布目录（或设置 GONGKAI_PUBLISH_DIR）")
	}
	if *nginx {
		up := *upstream
		if up == "" {
			up = cfg.Addr
		}
		conf, err := publish.NginxConf(publish.NginxOptions{Dir: dir, Upstream: up, Listen: *listen, ServerName: *serverName,
			UploadMaxMB: int(cfg.UploadMaxBytes >> 20), TLSCert: *tlsCert, TLSKey: *tlsKey})
		if err != nil {
			return err
		}
		_, err = env.Stdout.Write(conf)
		return err
	}
	a, err := app.New(ctx, cfg, newLogger(env.Stderr, env.Getenv), false)
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.Publisher(dir)
	if err != nil {
		return err
	}
	res, err := p.Full(ctx, "命令行 gongkai publish")
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已发布到 %s：%d 个页面和文件，渲染 %d 个，写入 %d 个文件（含压缩副本），删除 %d 个，失败 %d 个，用时 %s\n",
		p.Dir, res.Pages, res.Rendered, res.Written, res.Deleted, res.Failed, res.Duration.Round(1e6))
	if res.Failed > 0 {
		var lines []string
		for _, f := range res.Failures {
			lines = append(lines, f.Path+"："+f.Error)
		}
		return fmt.Errorf("%d 个页面发布失败（原有文件保留）：\n%s", res.Failed, strings.Join(lines, "\n"))
	}
	return nil
}
