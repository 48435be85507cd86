package search

import (
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"信息公开", "信息 息公 公开"},
		{"信", "信"},
		{"", ""},
		{"，。", ""},
		{"入学、学区划分", "入学 qqgap 学区 区划 划分"},
		{"政务公开App 2023版", "政务 务公 公开 qqgap app qqgap 2023 qqgap 版"},
		{"ＡＢＣ１２３　全角", "abc123 qqgap 全角"},
		{"济兖教体字〔2023〕12号", "济兖 兖教 教体 体字 qqgap 2023 qqgap 12 qqgap 号"},
		{"第一行\n第二行", "第一 一行 qqgap 第二 二行"},
		{"《条例》（试行）", "条例 qqgap 试行"},
		{"二〇二三年", "二〇 〇二 二三 三年"},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); got != tt.want {
			t.Errorf("Tokens(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

var syn = map[string][]string{"双减": {"减负"}}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in      string
		terms   []string
		fts     string
		tsquery string
	}{
		{"双减", []string{"双减"}, `("双减" OR "减负")`, `('双减' | '减负')`},
		{"减负", []string{"减负"}, `("减负" OR "双减")`, `('减负' | '双减')`},
		{"入学", []string{"入学"}, `"入学"`, `'入学'`},
		{"双减 信息公开", []string{"双减", "信息公开"},
			`("双减" OR "减负") AND "信息 息公 公开"`,
			`('双减' | '减负') & ('信息' <-> '息公' <-> '公开')`},
		{"济兖教体字〔2023〕12号", []string{"济兖教体字〔2023〕12号"},
			`"济兖 兖教 教体 体字 qqgap 2023 qqgap 12 qqgap 号"*`,
			`('济兖' <-> '兖教' <-> '教体' <-> '体字' <-> 'qqgap' <-> '2023' <-> 'qqgap' <-> '12' <-> 'qqgap' <-> '号':*)`},
		{"字〔2023〕12号", []string{"字〔2023〕12号"},
			`"qqgap 2023 qqgap 12 qqgap 号"*`,
			`('qqgap' <-> '2023' <-> 'qqgap' <-> '12' <-> 'qqgap' <-> '号':*)`},
		{`"work plan" Ｘ`, []string{"work plan", "x"}, `"work qqgap plan" AND "x"`, `('work' <-> 'qqgap' <-> 'plan') & 'x'`},
		{`“政务 公开”`, []string{"政务 公开"}, `"政务 qqgap 公开"`, `('政务' <-> 'qqgap' <-> '公开')`},
		{`a AND b OR NEAR(c) -d *e :f`, []string{"a", "and", "b", "or", "near(c)", "-d", "*e", ":f"},
			`"a" AND "and" AND "b" AND "or" AND "near qqgap c" AND "d" AND "e" AND "f"`,
			`'a' & 'and' & 'b' & 'or' & ('near' <-> 'qqgap' <-> 'c') & 'd' & 'e' & 'f'`},
		{`x"y & | ! <-> '`, []string{"x", "y & | ! <-> '"}, `"x" AND "y"`, `'x' & 'y'`},
		{`" & | ! <-> ' : * ( )`, nil, ``, ``},
		{"qqgap", nil, ``, ``},
		{"  ", nil, ``, ``},
		{"公开 公开", []string{"公开"}, `"公开"`, `'公开'`},
	}
	for _, tt := range tests {
		q := ParseQuery(tt.in, syn)
		if strings.Join(q.Terms, "|") != strings.Join(tt.terms, "|") {
			t.Errorf("ParseQuery(%q).Terms = %q; want %q", tt.in, q.Terms, tt.terms)
		}
		if got := q.FTS5(); got != tt.fts {
			t.Errorf("ParseQuery(%q).FTS5() = %s; want %s", tt.in, got, tt.fts)
		}
		if got := q.TSQuery(); got != tt.tsquery {
			t.Errorf("ParseQuery(%q).TSQuery() = %s; want %s", tt.in, got, tt.tsquery)
		}
		if got, want := q.Empty(), len(tt.terms) == 0; got != want {
			t.Errorf("ParseQuery(%q).Empty() = %v; want %v", tt.in, got, want)
		}
	}
}

// phraseIn reports whether the token phrase of q's term occurs in the index
// tokens of text, the way FTS5 would match it (prefix on the last token).
func phraseIn(indexTokens string, alt string) bool {
	idx := strings.Fields(indexTokens)
	toks, prefix := phraseParts(alt, false)
	for i := 0; i+len(toks) <= len(idx); i++ {
		ok := true
		for j, tk := range toks {
			if j == len(toks)-1 && prefix {
				ok = strings.HasPrefix(idx[i+j], tk)
			} else {
				ok = idx[i+j] == tk
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestPhraseMatching(t *testing.T) {
	tests := []struct {
		text, query string
		want        bool
	}{
		{"入学、学区划分", "入学区", false},
		{"做好入学区域划分", "入学区", true},
		{"关于落实双减政策", "双减", true},
		{"双 减", "双减", false},
		{"政府信息公开工作", "信息公开", true},
		{"信息，公开", "信息公开", false},
		{"根据济兖教体字〔2023〕12号文件", "济兖教体字〔2023〕12号", true},
		{"（济兖教体字[2023]12号）", "济兖教体字〔2023〕12号", true},
		{"济兖教体字〔2023〕120号", "济兖教体字〔2023〕12号", false},
		{"济兖教体字〔2023〕12号", "〔2023〕12号", true},
		{"济兖教体字〔2023〕12号", "字〔2023〕12号", true},
		{"２０２３年度", "2023年", true},
	}
	for _, tt := range tests {
		q := ParseQuery(tt.query, nil)
		got := phraseIn(Tokens(tt.text), q.Phrases[0][0])
		if got != tt.want {
			t.Errorf("phrase %q in Tokens(%q) = %v; want %v", tt.query, tt.text, got, tt.want)
		}
		if got := Contains(tt.text, q); got != tt.want {
			t.Errorf("Contains(%q, %q) = %v; want %v", tt.text, tt.query, got, tt.want)
		}
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		text, query string
		want        bool
	}{
		{"关于落实减负工作的通知", "双减", true}, // via synonym
		{"关于落实工作的通知", "双减", false},
		{"双减 信息公开", "双减 信息公开", true},
		{"双减", "双减 信息公开", false},
		{"Government Work", "work", true},
		{"homework", "work", false},
		{"ＷＯＲＫ plan", `"work plan"`, true},
		{"任何文本", "", false},
		{"号", "号", true},
		{"12号文件", "12号", true},
		{"今年5月", "年5月", true},
	}
	for _, tt := range tests {
		if got := Contains(tt.text, ParseQuery(tt.query, syn)); got != tt.want {
			t.Errorf("Contains(%q, %q) = %v; want %v", tt.text, tt.query, got, tt.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	long := strings.Repeat("甲", 50) + "双减" + strings.Repeat("乙", 50)
	tests := []struct {
		text, query string
		max         int
		want        string
	}{
		{"<script>alert(1)</script>双减", "双减", 0, "&lt;script&gt;alert(1)&lt;/script&gt;<mark>双减</mark>"},
		{"落实双减与减负", "双减", 0, "落实<mark>双减</mark>与<mark>减负</mark>"},
		{"a<b>&双减", "b 双减", 0, "a&lt;<mark>b</mark>&gt;&amp;<mark>双减</mark>"},
		{"没有匹配的文本内容", "双减", 5, "没有匹配…"},
		{long, "双减", 10, "…甲甲<mark>双减</mark>乙乙乙乙…"},
		{strings.Repeat("甲", 20) + "双减", "双减", 6, "…甲甲甲<mark>双减</mark>"},
		{"信息公开信息公开", "信息公开", 0, "<mark>信息公开信息公开</mark>"},
	}
	for _, tt := range tests {
		got := Highlight(tt.text, ParseQuery(tt.query, syn), tt.max)
		if got != tt.want {
			t.Errorf("Highlight(%q, %q, %d) = %q; want %q", tt.text, tt.query, tt.max, got, tt.want)
		}
		if tt.max > 0 {
			visible := strings.NewReplacer("<mark>", "", "</mark>", "", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(got)
			if n := len([]rune(visible)); n > tt.max {
				t.Errorf("Highlight(%q) has %d visible runes; want ≤ %d", tt.text, n, tt.max)
			}
		}
	}
}

// TestBagEmbedded: the word index counts a word where the dictionary split
// makes it a word or a part of one, not where its characters only sit
// inside a longer word — the demotion of 民政 in 人民政府 (these were the
// cases of the list-based EmbeddedPenalty it replaces).
func TestBagEmbedded(t *testing.T) {
	d := DefaultDict()
	tests := []struct {
		text, word string
		real       bool
	}{
		{"济宁市人民政府办公室", "民政", false},
		{"兖州区民政局", "民政", true}, // 民政 is a real part of 民政局
		{"济宁市人民政府", "政府", true},
		{"实行大学区管理", "学区", false},
		{"学区划分方案", "学区", true},
		{"关注居民生活", "民生", false},
		{"民生实事", "民生", true},
		{"无关文本", "民政", false},
	}
	for _, tt := range tests {
		b := d.Bag("", tt.text)
		if got := b.Words[tt.word].Body > 0; got != tt.real {
			t.Errorf("Bag(%q) counts %q: %v; want %v (words %v)", tt.text, tt.word, got, tt.real, b.Words)
		}
	}
}

func TestTermWords(t *testing.T) {
	tests := []struct {
		term string
		want string
	}{
		{"双减工作", "双减|工作"},
		{"义务教育招生", "义务教育|招生"},
		{"入学区", "入学区"},              // a single character joins its neighbour: never split off a word
		{"关于招生工作的通知", "关于|招生工作|通知"}, // 的 dropped
		{"2023年招生", "2023|招生"},      // a unit after a number
		{"信息公开", "信息公开"},
		{"的", "的"},
		{"退费", "退费"}, // single characters standing together are one word
		{"办理退费手续", "办理退费|手续"},
		{"兖州区招生", "兖州区|招生"},
	}
	for _, tt := range tests {
		if got := strings.Join(termWords(DefaultDict(), tt.term), "|"); got != tt.want {
			t.Errorf("termWords(%q) = %s; want %s", tt.term, got, tt.want)
		}
	}
}

func TestNear(t *testing.T) {
	q := ParseQuery("双减工作", nil).WordsQuery()
	one := Near("落实双减政策，推进工作落实。", q)
	apart := Near("落实双减政策。\n推进工作落实。", q)
	if !one.OneSentence || apart.OneSentence || one.Span == 0 || one.Factor() <= apart.Factor()-1e-9 && one.Span > apart.Span {
		t.Errorf("Near: one sentence %+v, apart %+v", one, apart)
	}
	if p := Near("只有双减", q); p.Span != 0 || p.OneSentence {
		t.Errorf("Near without 工作 = %+v; want nothing", p)
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"申请公开2023年学区划分文件", "申请公开2023年学区划分文件", 1, 1},
		{"申请公开2023年学区划分文件", "申请公开2022年学区划分的文件", 0.6, 0.99},
		{"申请公开学区划分", "请问今天天气如何", 0, 0},
		{"", "", 0, 0},
		{"双减", "", 0, 0},
	}
	for _, tt := range tests {
		got := Similarity(tt.a, tt.b)
		if got < tt.min || got > tt.max {
			t.Errorf("Similarity(%q, %q) = %v; want in [%v, %v]", tt.a, tt.b, got, tt.min, tt.max)
		}
		if rev := Similarity(tt.b, tt.a); rev != got {
			t.Errorf("Similarity not symmetric: %v; want %v", rev, got)
		}
	}
}

func balancedQuotes(s string) bool {
	return strings.Count(strings.ReplaceAll(s, `""`, ""), `"`)%2 == 0
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"信息公开", "济兖教体字〔2023〕12号", "ＡＢＣ abc", "\xff\xfe", "a\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		for _, tk := range strings.Fields(toks) {
			if safeToken(tk) != tk {
				t.Fatalf("Tokens(%q) has token %q with non letter/digit", s, tk)
			}
		}
		if strings.HasPrefix(toks, Gap) || strings.HasSuffix(toks, " "+Gap) {
			t.Fatalf("Tokens(%q) = %q starts or ends with a gap", s, toks)
		}
		_ = Similarity(s, s)
		// the word bag survives its encoding
		b := DefaultDict().Bag(s, s)
		ids := map[string]uint32{}
		for w := range b.Words {
			ids[w] = uint32(len(ids) + 1)
		}
		n := 0
		tl, bl, err := decodeBag(b.Encode(func(w string) uint32 { return ids[w] }), func(uint32, byte) { n++ })
		if err != nil || tl != b.TitleLen || bl != b.BodyLen || n != len(b.Words) {
			t.Fatalf("bag of %q: %v, lengths %d/%d, %d words; want %d/%d, %d", s, err, tl, bl, n, b.TitleLen, b.BodyLen, len(b.Words))
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"信息 公开" 双减`, `a"b`, `& | ! <-> ' : * ( ) NEAR AND`, "“未闭合"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s, syn)
		fts := q.FTS5()
		if !balancedQuotes(fts) {
			t.Fatalf("FTS5() = %s has unbalanced quotes", fts)
		}
		ts := q.TSQuery()
		if strings.Count(ts, "'")%2 != 0 {
			t.Fatalf("TSQuery() = %s has unbalanced quotes", ts)
		}
		if strings.Count(ts, "(") != strings.Count(ts, ")") || strings.Count(fts, "(") != strings.Count(fts, ")") {
			t.Fatalf("unbalanced parentheses: %s / %s", fts, ts)
		}
		if q.Empty() != (fts == "") {
			t.Fatalf("Empty() = %v but FTS5() = %q", q.Empty(), fts)
		}
		_ = Contains(s, q)
		_ = Highlight(s, q, 20)
		_ = Near(s, q)
		_ = termWords(DefaultDict(), s)
	})
}

// benchText is 20 KB of a bureau's notice, for the benchmarks.
func benchText() string {
	unit := "为推动全区教育系统政务公开工作再上新台阶，根据市政府办公室《关于印发2023年济宁市政务公开工作任务分解表的通知》（济政办字〔2023〕41号）要求。加强民办教育学校和校外培训机构的监管，落实收费公示和公开承诺制度\n"
	var sb strings.Builder
	for sb.Len() < 20*1024 {
		sb.WriteString(unit)
	}
	return sb.String()
}

func BenchmarkTokens(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokens(text)
	}
}

func BenchmarkCut(b *testing.B) {
	text := benchText()
	d := DefaultDict()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d.Words(text)
	}
}
