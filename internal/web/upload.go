package web

import (
	"io"
	"mime/multipart"

	"gongkai"
	"gongkai/internal/office"
)

// readUpload reads an uploaded file of at most office.MaxFileSize bytes:
// a larger one is refused (ETOOLARGE) by its declared size, or by what
// it holds when the declared size was wrong.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > office.MaxFileSize {
		return nil, gongkai.Errorf(gongkai.ETOOLARGE, "文件“%s”超过 %d MB", fh.Filename, office.MaxFileSize>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, gongkai.Wrap(gongkai.EINVALID, "无法读取上传的文件", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, office.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > office.MaxFileSize {
		return nil, gongkai.Errorf(gongkai.ETOOLARGE, "文件“%s”超过 %d MB", fh.Filename, office.MaxFileSize>>20)
	}
	return data, nil
}
