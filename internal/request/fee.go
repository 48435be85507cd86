package request

import "fmt"

// Processing fees by 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号):
// by count (第四条, per applicant per natural month) or by pages (第五条),
// both progressive; one standard per application, never both.

// FeeBasis is the standard chosen for an application.
type FeeBasis string

// Fee bases.
const (
	ByCount FeeBasis = "count"
	ByPages FeeBasis = "pages"
)

// maxFeeUnits bounds the arithmetic; more is not a plausible input.
const maxFeeUnits = 1_000_000

// CountRate is the fee in yuan for the n-th application of one applicant
// in one natural month: the first 10 are free, the 11th–30th cost 100 each,
// and from the 31st each further tier of 10 costs 100 more per application
// (31–40: 200, 41–50: 300 …).
func CountRate(n int) int64 {
	switch {
	case n <= 10:
		return 0
	case n <= 30:
		return 100
	}
	tier := (n - 31) / 10 // 0 for 31–40
	return 100 + 100*int64(tier+1)
}

// CountFee is the total fee in yuan for n applications of one applicant in
// one natural month.
func CountFee(n int) (int64, error) {
	if n < 0 || n > maxFeeUnits {
		return 0, invalid("申请件数 %d 不合理，请填写 0 到 %d 之间的整数", n, maxFeeUnits)
	}
	var total int64
	// Tiers are constant over runs of 10, so sum per run (bounded loop).
	for i := 11; i <= n; {
		end := min(n, tierEnd(i))
		total += CountRate(i) * int64(end-i+1)
		i = end + 1
	}
	return total, nil
}

func tierEnd(i int) int {
	if i <= 30 {
		return 30
	}
	return 30 + ((i-31)/10+1)*10
}

// PagesFee is the fee in yuan for p pages: up to 30 free, 31–100 at 10 per
// page, 101–200 at 20, from 201 at 40.
func PagesFee(p int) (int64, error) {
	if p < 0 || p > maxFeeUnits {
		return 0, invalid("页数 %d 不合理，请填写 0 到 %d 之间的整数", p, maxFeeUnits)
	}
	band := func(lo, hi int) int64 { // pages in [lo, hi]
		if p < lo {
			return 0
		}
		return int64(min(p, hi) - lo + 1)
	}
	return 10*band(31, 100) + 20*band(101, 200) + 40*band(201, maxFeeUnits), nil
}

// Fee computes the fee for one application by basis: for ByCount, units
// is the application's ordinal in the applicant's month (the fee of that
// one application); for ByPages, the number of pages.
func Fee(basis FeeBasis, units int) (int64, error) {
	switch basis {
	case ByCount:
		if units < 1 || units > maxFeeUnits {
			return 0, invalid("申请序号 %d 不合理：应为该申请人本自然月内的第几件申请（从 1 起）", units)
		}
		return CountRate(units), nil
	case ByPages:
		return PagesFee(units)
	}
	return 0, invalid("收费方式“%s”无效，请选择按件（count）或按量（pages）", basis)
}

// FeeExplain says in Chinese how the fee was computed.
func FeeExplain(basis FeeBasis, units int, fee int64) string {
	if basis == ByCount {
		return fmt.Sprintf("按件计收：本自然月第 %d 件申请，%d 元（10件以下不收费；11—30件100元/件；31件以上每10件一档，每档提高100元/件）", units, fee)
	}
	return fmt.Sprintf("按量计收：%d 页，%d 元（30页以下不收费；31—100页10元/页；101—200页20元/页；201页以上40元/页）", units, fee)
}
