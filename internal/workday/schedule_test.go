package workday

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseScheduleGood(t *testing.T) {
	nyd := MustDate("2027-01-01")
	sat := MustDate("2027-02-06") // Saturday
	tests := []struct {
		name string
		in   string
		want []Day
	}{
		{"official header", "date,weekday,type,festival,notice_year\n2027-01-01,周五,HOLIDAY,元旦,2027\n2027-02-06,周六,WORKDAY_ADJUSTED,春节,2027\n",
			[]Day{{nyd, Holiday, "元旦"}, {sat, Workday, "春节"}}},
		{"BOM and CRLF", "\ufeffdate,weekday,type,festival,notice_year\r\n2027-01-01,周五,HOLIDAY,元旦,2027\r\n",
			[]Day{{nyd, Holiday, "元旦"}}},
		{"official without header", "2027-01-01,周五,HOLIDAY,元旦,2027\n", []Day{{nyd, Holiday, "元旦"}}},
		{"simple Chinese", "2027-01-01,放假,元旦\n2027-02-06,上班,春节\n",
			[]Day{{nyd, Holiday, "元旦"}, {sat, Workday, "春节"}}},
		{"simple English two columns", "2027-01-01,holiday\n2027-02-06,Workday\n",
			[]Day{{nyd, Holiday, ""}, {sat, Workday, ""}}},
		{"simple header reordered", "name,type,date\n元旦,放假,2027-01-01\n", []Day{{nyd, Holiday, "元旦"}}},
		{"Chinese header", "日期,类型,名称\n2027-01-01,放假,元旦\n", []Day{{nyd, Holiday, "元旦"}}},
		{"comments, blanks, spaces", "# 2027年安排\n\n 2027-01-01 , 放假 , 元旦 \n", []Day{{nyd, Holiday, "元旦"}}},
		{"identical repeat kept once", "2027-01-01,放假,元旦\n2027-01-01,holiday,元旦\n", []Day{{nyd, Holiday, "元旦"}}},
		{"holiday on weekend", "2022-12-31,周六,HOLIDAY,元旦,2023\n", []Day{{MustDate("2022-12-31"), Holiday, "元旦"}}},
	}
	for _, tt := range tests {
		got, err := ParseSchedule(strings.NewReader(tt.in))
		if err != nil {
			t.Errorf("%s: ParseSchedule error %v; want nil", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ParseSchedule = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseScheduleBad(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings of the error
	}{
		{"bad date line 3", "date,type,name\n2027-01-01,放假,元旦\n2027-02-30,放假,春节\n", []string{"第3行", "日期“2027-02-30”无效", "YYYY-MM-DD"}},
		{"short date", "2027-1-1,放假\n", []string{"第1行", "2027-1-1"}},
		{"bad type", "2027-01-01,休假吧\n", []string{"第1行", "类型“休假吧”无法识别"}},
		{"workday on weekday", "2027-01-04,上班,元旦\n", []string{"第1行", "2027-01-04是周一", "不能标为调休上班"}},
		{"official workday on weekday", "date,weekday,type,festival,notice_year\n2027-01-04,周一,WORKDAY_ADJUSTED,元旦,2027\n", []string{"第2行", "不能标为调休上班"}},
		{"conflicting duplicate", "2027-01-02,放假,元旦\n2027-01-03,放假\n2027-01-02,上班,元旦\n", []string{"第3行", "2027-01-02", "第1行", "重复"}},
		{"weekday mismatch", "2027-01-01,周六,HOLIDAY,元旦,2027\n", []string{"第1行", "周五", "周六"}},
		{"bad notice year", "2027-01-01,周五,HOLIDAY,元旦,二〇二七\n", []string{"第1行", "通知年份"}},
		{"wrong column count", "2027-01-01,周五,HOLIDAY,元旦\n", []string{"第1行", "4列"}},
		{"one column", "2027-01-01\n", []string{"第1行"}},
		{"header without type", "date,name\n2027-01-01,元旦\n", []string{"第1行", "表头"}},
		{"missing date", "date,type\n,放假\n", []string{"第2行", "缺少日期"}},
		{"bad quotes", "2027-01-01,\"放假\n", []string{"CSV"}},
		{"empty", "", []string{"没有任何日期"}},
		{"header only", "date,weekday,type,festival,notice_year\n", []string{"没有任何日期"}},
	}
	for _, tt := range tests {
		got, err := ParseSchedule(strings.NewReader(tt.in))
		if err == nil {
			t.Errorf("%s: ParseSchedule = %v, nil; want error", tt.name, got)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q; want it to contain %q", tt.name, err, w)
			}
		}
	}
}

func FuzzParseSchedule(f *testing.F) {
	f.Add("date,weekday,type,festival,notice_year\n2027-01-01,周五,HOLIDAY,元旦,2027\n")
	f.Add("2027-01-01,放假,元旦\n2027-02-06,上班,春节\n")
	f.Add("\ufeff日期,类型\n2027-02-30,x\n")
	f.Add("a,\"b\nc")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseSchedule(strings.NewReader(s))
		if err != nil {
			if days != nil {
				t.Fatalf("ParseSchedule error %v with non-nil days %v", err, days)
			}
			return
		}
		seen := map[Date]bool{}
		for _, d := range days {
			if !d.Date.IsValid() || !d.Kind.Valid() {
				t.Fatalf("ParseSchedule returned invalid day %+v", d)
			}
			if back, err := ParseDate(d.Date.String()); err != nil || back != d.Date {
				t.Fatalf("date %v does not round-trip: %v, %v", d.Date, back, err)
			}
			if d.Kind == Workday && isWeekday(d.Date.Weekday()) {
				t.Fatalf("make-up workday %s on a weekday", d.Date)
			}
			if seen[d.Date] {
				t.Fatalf("duplicate date %s", d.Date)
			}
			seen[d.Date] = true
		}
		// A parsed schedule is usable as an overlay.
		c := New(days)
		for _, d := range days {
			if c.IsWorkday(d.Date) != (d.Kind == Workday) {
				t.Fatalf("overlay day %+v not applied", d)
			}
		}
	})
}
