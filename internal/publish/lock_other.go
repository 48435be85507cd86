//go:build !unix

package publish

import (
	"fmt"
	"os"
)

// lockDir only creates the directory where there is no flock: run one
// publisher per directory there.
func lockDir(dir string) (unlock func(), busy bool, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, fmt.Errorf("创建发布目录 %s：%w", dir, err)
	}
	return func() {}, false, nil
}
