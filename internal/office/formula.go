package office

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A task table needs the text of its cells, not a spreadsheet engine.
// Excel and WPS save every formula's result, and that is what is read.
// Only files written by programs that do not calculate have formula cells
// without a result; those are calculated with excelize when the whole
// workbook is small and plain — at most Limits.FormulaEval formulas, each
// at most maxCalcFormula bytes with at most maxCalcRefs single-cell
// references, no ranges, no names, only the functions of calcFuncs, and
// none referring to another formula cell — because excelize materialises
// every range it meets and follows chains of references, which is how a
// 363 KB file of 20,000 formulas took 1.8 GB.

const (
	maxCalcFormula = 255 // bytes of a formula that may be calculated
	maxCalcRefs    = 8   // cell references in it
)

// calcFuncs are the functions a calculated formula may call: none of them
// builds a range, repeats text or formats text with a caller's pattern.
var calcFuncs = map[string]bool{
	"ABS": true, "AND": true, "CHAR": true, "COLUMN": true, "CONCATENATE": true, "DATE": true, "DAY": true,
	"IF": true, "IFERROR": true, "INT": true, "ISBLANK": true, "ISNUMBER": true, "ISTEXT": true, "LEFT": true,
	"LEN": true, "LOWER": true, "MAX": true, "MID": true, "MIN": true, "MOD": true, "MONTH": true, "N": true,
	"NOT": true, "OR": true, "RIGHT": true, "ROUND": true, "ROW": true, "SUM": true, "T": true, "TODAY": true,
	"TRIM": true, "UPPER": true, "VALUE": true, "YEAR": true,
}

var cellRefRE = regexp.MustCompile(`^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$`)

func isIdentByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '$' || c == '\\' || c >= 0x80
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// calcRefs returns the cells formula refers to (sheet names lower-cased,
// sheet the formula's own), and whether it may be calculated at all.
func calcRefs(formula, sheet string) ([]sheetCell, bool) {
	if len(formula) > maxCalcFormula {
		return nil, false
	}
	var refs []sheetCell
	prefix := ""
	for i := 0; i < len(formula); {
		c := formula[i]
		switch {
		case c == '"': // a string literal; "" is a quote
			j := i + 1
			for {
				k := strings.IndexByte(formula[j:], '"')
				if k < 0 {
					return nil, false
				}
				j += k + 1
				if j < len(formula) && formula[j] == '"' {
					j++
					continue
				}
				break
			}
			i = j
		case c == '\'': // a quoted sheet name before '!'
			var name strings.Builder
			j := i + 1
			for {
				if j >= len(formula) {
					return nil, false
				}
				if formula[j] == '\'' {
					if j+1 < len(formula) && formula[j+1] == '\'' {
						name.WriteByte('\'')
						j += 2
						continue
					}
					j++
					break
				}
				name.WriteByte(formula[j])
				j++
			}
			if j >= len(formula) || formula[j] != '!' {
				return nil, false
			}
			prefix, i = name.String(), j+1
			continue
		case isDigit(c) || c == '.': // a number, with an exponent
			j := i
			for j < len(formula) && (isDigit(formula[j]) || formula[j] == '.') {
				j++
			}
			if j < len(formula) && (formula[j] == 'E' || formula[j] == 'e') {
				k := j + 1
				if k < len(formula) && (formula[k] == '+' || formula[k] == '-') {
					k++
				}
				if k < len(formula) && isDigit(formula[k]) {
					for j = k; j < len(formula) && isDigit(formula[j]); j++ {
					}
				}
			}
			i = j
		case isIdentByte(c):
			j := i
			for j < len(formula) && isIdentByte(formula[j]) {
				j++
			}
			id := formula[i:j]
			switch {
			case j < len(formula) && formula[j] == '!':
				prefix, i = id, j+1
				continue
			case j < len(formula) && formula[j] == '(':
				if !calcFuncs[strings.ToUpper(strings.TrimPrefix(id, "_xlfn."))] {
					return nil, false
				}
			case cellRefRE.MatchString(id):
				m := cellRefRE.FindStringSubmatch(id)
				col, err := excelize.ColumnNameToNumber(m[1])
				row, err2 := strconv.Atoi(m[2])
				if err != nil || err2 != nil {
					return nil, false
				}
				on := sheet
				if prefix != "" {
					on = strings.ToLower(prefix)
				}
				refs = append(refs, sheetCell{on, row, col})
			case strings.EqualFold(id, "TRUE") || strings.EqualFold(id, "FALSE"):
			default:
				return nil, false // a defined name, which may stand for a range
			}
			i = j
		case strings.IndexByte("+-*/^&=<>%(), \t\r\n", c) >= 0:
			i++
		default:
			return nil, false // ':' (a range), '[', '{', '#', '@', …
		}
		prefix = ""
	}
	return refs, len(refs) <= maxCalcRefs
}
