package office

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// xmlWalker reads an XML part token by token with its nesting depth held to
// a limit: encoding/xml keeps one stack entry per open element, so a part
// of nothing but nested start tags would otherwise grow without bound.
type xmlWalker struct {
	dec      *xml.Decoder
	depth    int
	maxDepth int
	file     string
}

// errXMLSyntax marks a malformed part; the caller says which.
var errXMLSyntax = errors.New("office: malformed XML")

func newXMLWalker(file string, r io.Reader, maxDepth int) *xmlWalker {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	return &xmlWalker{dec: dec, maxDepth: maxDepth, file: file}
}

// next returns the next token, io.EOF at the end, an *Error for a limit
// (from the reader or the depth), or errXMLSyntax.
func (w *xmlWalker) next() (xml.Token, error) {
	tok, err := w.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, errXMLSyntax
	}
	switch tok.(type) {
	case xml.StartElement:
		if w.depth++; w.depth > w.maxDepth {
			return nil, &Error{File: w.file, Msg: "文件结构异常：XML 嵌套超过 " + strconv.Itoa(w.maxDepth) + " 层，无法读取"}
		}
	case xml.EndElement:
		w.depth--
	}
	return tok, nil
}

// skip skips the rest of the element whose start tag was just read.
func (w *xmlWalker) skip() error {
	for d := 1; d > 0; {
		tok, err := w.next()
		if err != nil {
			if err == io.EOF {
				return errXMLSyntax
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			d++
		case xml.EndElement:
			d--
		}
	}
	return nil
}

// attr returns the value of the attribute with the local name local.
func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}
