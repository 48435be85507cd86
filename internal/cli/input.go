package cli

import (
	"os"

	"gongkai"
	"gongkai/internal/office"
)

// readInput reads an import file, refusing one over office.MaxFileSize
// before reading it.
func readInput(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, gongkai.Errorf(gongkai.EINVALID, "找不到文件 %s", name)
	}
	if fi.Size() > office.MaxFileSize {
		return nil, gongkai.Errorf(gongkai.ETOOLARGE, "文件 %s 超过 %d MB 上限", name, office.MaxFileSize>>20)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, gongkai.Wrap(gongkai.EINVALID, "无法读取文件 "+name, err)
	}
	return data, nil
}
