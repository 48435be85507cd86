package request

import "testing"

func TestCountFee(t *testing.T) {
	tests := []struct {
		n    int
		rate int64
		fee  int64
	}{
		{0, 0, 0}, {1, 0, 0}, {10, 0, 0},
		{11, 100, 100}, {30, 100, 2000},
		{31, 200, 2200}, {40, 200, 4000},
		{41, 300, 4300}, {50, 300, 7000},
		{51, 400, 7400},
	}
	for _, tt := range tests {
		if got := CountRate(tt.n); got != tt.rate {
			t.Errorf("CountRate(%d) = %d; want %d", tt.n, got, tt.rate)
		}
		got, err := CountFee(tt.n)
		if err != nil || got != tt.fee {
			t.Errorf("CountFee(%d) = %d, %v; want %d", tt.n, got, err, tt.fee)
		}
	}
	if _, err := CountFee(-1); err == nil {
		t.Error("CountFee(-1): got no error; want one")
	}
}

func TestPagesFee(t *testing.T) {
	tests := []struct {
		p   int
		fee int64
	}{
		{0, 0}, {30, 0}, {31, 10}, {100, 700}, {101, 720}, {200, 2700}, {201, 2740}, {250, 4700},
	}
	for _, tt := range tests {
		got, err := PagesFee(tt.p)
		if err != nil || got != tt.fee {
			t.Errorf("PagesFee(%d) = %d, %v; want %d", tt.p, got, err, tt.fee)
		}
	}
	for _, bad := range []int{-1, maxFeeUnits + 1} {
		if _, err := PagesFee(bad); err == nil {
			t.Errorf("PagesFee(%d): got no error; want one", bad)
		}
	}
}

func TestFee(t *testing.T) {
	tests := []struct {
		basis FeeBasis
		units int
		want  int64
		ok    bool
	}{
		{ByCount, 12, 100, true},
		{ByCount, 0, 0, false},
		{ByPages, 150, 1700, true},
		{"both", 1, 0, false},
	}
	for _, tt := range tests {
		got, err := Fee(tt.basis, tt.units)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Fee(%s, %d) = %d, %v; want %d (ok %v)", tt.basis, tt.units, got, err, tt.want, tt.ok)
		}
	}
}
