package cli

import (
	"errors"

	"gongkai"
)

// userMessage is what the command line prints for err: the message of an
// application error, or the error text itself (which the store and the
// parsers already write in Chinese, naming the file, row and column).
func userMessage(err error) string {
	var ge *gongkai.Error
	if errors.As(err, &ge) {
		if ge.Code == gongkai.EINTERNAL && ge.Err != nil {
			return ge.Err.Error()
		}
		return ge.Message
	}
	return err.Error()
}
