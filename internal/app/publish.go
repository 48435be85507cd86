package app

import (
	"context"
	"errors"
	"time"

	"gongkai/internal/publish"
)

// publishEvery is how often the publish job looks for changes: a change
// reaches the published files within this plus the time to render what it
// alters.
const publishEvery = 5 * time.Second

// Publisher returns the static publisher into dir: the portal rendered by
// this program's own handler, written as files (gongkai publish).
func (a *App) Publisher(dir string) (*publish.Publisher, error) {
	return publish.New(dir, a.Web, a.Handler(), a.Store, a.Config.BaseURL, a.Log)
}

// startPublisher keeps GONGKAI_PUBLISH_DIR up to date: every publishEvery
// it publishes what changed, under the job lock, so one node at a time
// runs it. The first run after start is a full rebuild (a new program may
// render every page differently).
func startPublisher(ctx context.Context, a *App) {
	if a.Config.PublishDir == "" {
		return
	}
	p, err := a.Publisher(a.Config.PublishDir)
	if err != nil {
		a.Log.Error("静态发布未启动", "err", err)
		return
	}
	go func() {
		t := time.NewTicker(publishEvery)
		defer t.Stop()
		for {
			_, err := a.Store.WithLock(ctx, "job:publish", func(ctx context.Context) error {
				_, _, err := p.Update(ctx)
				return err
			})
			if err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
				a.Log.Warn("静态发布", "dir", p.Dir, "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}
