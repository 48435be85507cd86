package office

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

// This file holds the streaming checks a workbook passes before excelize
// parses it: every XML part is walked once, token by token, counting what
// excelize would build (rows, cell elements, formulas, shared strings) and
// measuring every cell's text, so that nothing large is ever materialised.

// rect is a merge range, 1-based and inclusive.
type rect struct{ r1, c1, r2, c2 int }

// formulaCell is a formula cell of the workbook.
type formulaCell struct {
	sheet    string // sheet name, "" when the part is not a named sheet
	row, col int
	refs     []sheetCell // the cells it refers to
	cached   bool        // it has a saved result
}

// sheetCell is a cell of a named sheet; sheet is lower-cased.
type sheetCell struct {
	sheet    string
	row, col int
}

// sheetScan is what the scan learnt about one worksheet part.
type sheetScan struct {
	merges   []rect
	uncached []formulaCell // formula cells without a saved result (the first few)
	nUncache int
}

// workbookScan is what the scan learnt about a whole workbook.
type workbookScan struct {
	file     string
	lim      Limits
	names    map[string]string // part path (lower-case) → sheet name
	sstLong  map[int]int       // shared string index → characters, for items over lim.CellText
	sstBytes []int32           // shared string index → bytes of text
	sstCount int
	// text is the bytes of cell text the sheets hold, counting a shared
	// string once per cell that refers to it: excelize copies it for each.
	text     int64
	formulas int           // formula cells in all sheets
	kept     []formulaCell // the first lim.FormulaEval+1 formula cells
	// calculable is false once any formula must not be calculated:
	// shared or array formulas, or a formula with ranges, names, functions
	// outside calcFuncs, more than maxCalcRefs references, or over
	// maxCalcFormula bytes.
	calculable bool
	sheets     map[string]*sheetScan // by sheet name
}

// scanWorkbook checks every part of a workbook. It returns the scan, or an
// *Error naming the first limit passed.
func scanWorkbook(z *zipArchive) (*workbookScan, error) {
	s := &workbookScan{file: z.file, lim: z.lim, names: map[string]string{}, sstLong: map[int]int{},
		calculable: true, sheets: map[string]*sheetScan{}}
	if err := s.readSheetNames(z); err != nil {
		return nil, err
	}
	if f := z.find("xl/sharedStrings.xml"); f != nil {
		if err := s.scanSST(z, f); err != nil {
			return nil, err
		}
	}
	if f := z.find("xl/styles.xml"); f != nil {
		if err := s.scanStyles(z, f); err != nil {
			return nil, err
		}
	}
	for _, f := range z.zr.File {
		n := strings.ToLower(f.Name)
		if !isXMLPart(f.Name) || isMetaPart(f.Name) || n == "xl/sharedstrings.xml" || f.FileInfo().IsDir() {
			continue
		}
		if err := s.scanSheet(z, f, s.names[n]); err != nil {
			return nil, err
		}
	}
	if s.formulas > s.lim.FormulaEval {
		s.calculable = false
	}
	if s.calculable {
		// A formula that refers to another formula cell is not calculated:
		// chains (B2=B1&B1, …) grow without bound.
		isFormula := map[sheetCell]bool{}
		for _, fc := range s.kept {
			isFormula[sheetCell{strings.ToLower(fc.sheet), fc.row, fc.col}] = true
		}
		for _, fc := range s.kept {
			for _, r := range fc.refs {
				if isFormula[r] {
					s.calculable = false
				}
			}
		}
	}
	return s, nil
}

// readSheetNames maps worksheet parts to sheet names through the
// workbook and its relationships (both held to MetaPartSize).
func (s *workbookScan) readSheetNames(z *zipArchive) error {
	type rel struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
	var rels struct {
		Rels []rel `xml:"Relationship"`
	}
	read := func(name string, v any) (bool, error) {
		f := z.find(name)
		if f == nil {
			return false, nil
		}
		rc, err := z.open(f, z.lim.MetaPartSize)
		if err != nil {
			return false, err
		}
		defer rc.Close()
		if err := xml.NewDecoder(rc).Decode(v); err != nil {
			if e, ok := err.(*Error); ok {
				return false, e
			}
			return false, nil // excelize reports it
		}
		return true, nil
	}
	wbPath := "xl/workbook.xml"
	if ok, err := read("_rels/.rels", &rels); err != nil {
		return err
	} else if ok {
		for _, r := range rels.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if ok, err := read(wbPath, &wb); err != nil || !ok {
		return err
	}
	rels.Rels = nil
	dir := path.Dir(wbPath)
	if ok, err := read(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels); err != nil || !ok {
		return err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		p := path.Clean(path.Join(dir, r.Target))
		if strings.HasPrefix(r.Target, "/") {
			p = path.Clean(strings.TrimPrefix(r.Target, "/"))
		}
		target[r.ID] = strings.ToLower(p)
	}
	for _, sh := range wb.Sheets {
		if p, ok := target[sh.RID]; ok {
			s.names[p] = sh.Name
		}
	}
	return nil
}

// scanSST counts the shared strings and measures each.
func (s *workbookScan) scanSST(z *zipArchive, f *zip.File) error {
	rc, err := z.open(f, z.lim.PartSize)
	if err != nil {
		return err
	}
	defer rc.Close()
	w := newXMLWalker(z.file, rc, z.lim.XMLDepth)
	var (
		inSI, inT   bool
		phonetic, n int
		nb          int
	)
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.partErr(f, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				if s.sstCount++; s.sstCount > s.lim.Cells {
					return &Error{File: z.file, Msg: fmt.Sprintf("共享字符串表的条目超过 %d 个上限，请删除多余内容或拆分后再导入", s.lim.Cells)}
				}
				inSI, n, nb = true, 0, 0
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if n > s.lim.CellText {
					s.sstLong[s.sstCount-1] = n
				}
				s.sstBytes = append(s.sstBytes, int32(min(nb, 1<<30)))
				inSI = false
			case "rPh":
				phonetic = max(0, phonetic-1)
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				n += utf8.RuneCount(t)
				nb += len(t)
			}
		}
	}
}

// scanStyles refuses number formats that would multiply a cell's text: a
// format code over Excel's own 255 characters, or a text section with more
// than one placeholder (each @ repeats the whole text).
func (s *workbookScan) scanStyles(z *zipArchive, f *zip.File) error {
	rc, err := z.open(f, z.lim.MetaPartSize)
	if err != nil {
		return err
	}
	defer rc.Close()
	w := newXMLWalker(z.file, rc, z.lim.XMLDepth)
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.partErr(f, err)
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "numFmt" {
			code, _ := attr(t, "formatCode")
			if len([]rune(code)) > 255 || textPlaceholders(code) > 1 {
				return &Error{File: z.file, Msg: "文件的单元格数字格式异常（文本占位符过多或格式过长），请清除格式后再导入"}
			}
		}
	}
}

// textPlaceholders counts the @ of a number format code, and the 0 of its
// fourth (text) section, outside quotes and escapes.
func textPlaceholders(code string) int {
	n, section := 0, 0
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++
		case '[':
			if j := strings.IndexByte(code[i:], ']'); j >= 0 {
				i += j
			}
		case ';':
			section++
		case '@':
			n++
		case '0':
			if section == 3 {
				n++
			}
		}
	}
	return n
}

// partErr explains an error met while walking part f.
func (s *workbookScan) partErr(f *zip.File, err error) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return newErr(s.file, "文件已损坏："+partLabel(f.Name)+"不是有效的 XML，请用 Excel 或 WPS 重新保存后再导入")
}

// scanSheet walks one XML part the way excelize's row iterator would:
// every row and c element counts, wherever it is.
func (s *workbookScan) scanSheet(z *zipArchive, f *zip.File, name string) error {
	rc, err := z.open(f, z.lim.PartSize)
	if err != nil {
		return err
	}
	defer rc.Close()
	sheet := name
	if sheet == "" {
		sheet = f.Name
	}
	sc := &sheetScan{}
	s.sheets[name] = sc
	lim := s.lim
	w := newXMLWalker(z.file, rc, lim.XMLDepth)
	var (
		row, col, rowMax  int
		cellRow           int
		rows, elems, held int
		inCell, inIS, inT bool
		cellType          string
		hasF, hasV, inV   bool
		inF               bool
		fText, vText      strings.Builder
		fShared           bool
		isRunes           int
	)
	at := func(format string, args ...any) error {
		return over(z.file, sheet, cellRow, col, format, args...)
	}
	for {
		tok, err := w.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s.partErr(f, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				if v, ok := attr(t, "r"); ok {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 {
						return over(z.file, sheet, row+1, 0, "行号“%s”无效，文件可能已损坏", v)
					}
					row = n
				} else {
					row++
				}
				if rows++; row > lim.Rows || rows > lim.Rows {
					return over(z.file, sheet, 0, 0, "超过 %d 行上限，请删除多余的空行或拆分后再导入", lim.Rows)
				}
				col, rowMax = 0, 0
			case "c":
				if v, ok := attr(t, "r"); ok {
					c, r, err := excelize.CellNameToCoordinates(v)
					if err != nil {
						return at("单元格名“%s”无效，文件可能已损坏", v)
					}
					col, cellRow = c, r
				} else {
					col, cellRow = col+1, row
				}
				if elems++; elems > lim.Cells {
					return over(z.file, sheet, 0, 0, "单元格超过 %d 个上限，请删除多余的内容或拆分后再导入", lim.Cells)
				}
				rowMax = max(rowMax, col)
				cellType, _ = attr(t, "t")
				inCell, hasF, hasV, fShared, isRunes = true, false, false, false, 0
				fText.Reset()
				vText.Reset()
			case "f":
				if !inCell {
					break
				}
				hasF, inF = true, true
				if ft, _ := attr(t, "t"); ft == "shared" || ft == "array" || ft == "dataTable" {
					fShared = true
				}
			case "v": // a saved value, even an empty one
				inV = inCell
				hasV = hasV || inCell
			case "is":
				inIS = inCell
				hasV = hasV || inCell
			case "t":
				inT = inIS
			case "mergeCell":
				ref, _ := attr(t, "ref")
				if m, ok := parseRange(ref); ok {
					if len(sc.merges) >= lim.Cells {
						return over(z.file, sheet, 0, 0, "合并单元格超过 %d 个上限，文件可能已损坏", lim.Cells)
					}
					sc.merges = append(sc.merges, m)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				if held += rowMax; held > lim.Cells {
					return over(z.file, sheet, 0, 0, "单元格超过 %d 个上限，请删除多余的空行空列或拆分后再导入", lim.Cells)
				}
			case "f":
				inF = false
			case "v":
				inV = false
			case "is":
				inIS = false
				if isRunes > lim.CellText {
					return at("%s", cellTextMsg(isRunes, lim.CellText))
				}
			case "t":
				inT = false
			case "c":
				if !inCell {
					break
				}
				inCell = false
				if err := s.endCell(sc, sheet, name, cellRow, col, cellType, hasF, hasV, fShared, fText.String(), vText.String()); err != nil {
					return err
				}
			}
		case xml.CharData:
			switch {
			case inF:
				if fText.Len()+len(t) <= maxCalcFormula+1 {
					fText.Write(t)
				} else {
					fShared = true // too long to calculate
				}
			case inV:
				if vText.Len()+len(t) > 4*lim.CellText+16 {
					return at("%s", cellTextMsg(utf8.RuneCount(t)+utf8.RuneCountInString(vText.String()), lim.CellText))
				}
				vText.Write(t)
			case inT:
				isRunes += utf8.RuneCount(t)
				if err := s.addText(sheet, len(t)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// endCell checks a cell's value and records its formula.
func (s *workbookScan) endCell(sc *sheetScan, sheet, name string, row, col int, typ string, hasF, hasV, unsafe bool, formula, value string) error {
	lim := s.lim
	if hasV {
		if typ == "s" {
			if i, err := strconv.Atoi(strings.TrimSpace(value)); err == nil {
				if n, long := s.sstLong[i]; long {
					return over(s.file, sheet, row, col, "%s", cellTextMsg(n, lim.CellText))
				}
				if i >= 0 && i < len(s.sstBytes) {
					if err := s.addText(sheet, int(s.sstBytes[i])); err != nil {
						return err
					}
				}
			}
		} else if n := utf8.RuneCountInString(value); n > lim.CellText {
			return over(s.file, sheet, row, col, "%s", cellTextMsg(n, lim.CellText))
		} else if err := s.addText(sheet, len(value)); err != nil {
			return err
		}
	}
	if !hasF {
		return nil
	}
	if s.formulas++; s.formulas > lim.FormulaCells {
		return over(s.file, sheet, 0, 0, "含公式的单元格超过 %d 个上限，请复制后“选择性粘贴为数值”再导入", lim.FormulaCells)
	}
	fc := formulaCell{sheet: name, row: row, col: col, cached: hasV}
	if s.calculable && len(s.kept) <= lim.FormulaEval {
		refs, ok := calcRefs(formula, strings.ToLower(name))
		if unsafe || !ok {
			s.calculable = false
		}
		fc.refs = refs
		s.kept = append(s.kept, fc)
	}
	if !hasV {
		if sc.nUncache++; len(sc.uncached) <= lim.FormulaEval {
			sc.uncached = append(sc.uncached, fc)
		}
	}
	return nil
}

// addText counts n bytes of cell text against lim.TextSize.
func (s *workbookScan) addText(sheet string, n int) error {
	if s.text += int64(n); s.lim.TextSize > 0 && s.text > s.lim.TextSize {
		return &Error{File: s.file, Sheet: sheet, Msg: fmt.Sprintf("单元格的文字合计超过 %s 上限（同一段文字被大量单元格引用也会计入），请拆分后再导入", mb(s.lim.TextSize)), Code: gongkai.ETOOLARGE}
	}
	return nil
}

// parseRange reads a merge reference such as "A1:C3".
func parseRange(ref string) (rect, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return rect{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return rect{}, false
	}
	return rect{min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)}, true
}
