package scan

import "strings"

// Personal names are found by a heuristic, since a name cannot be told from
// other words without a dictionary:
//
//   - after a label such as 姓名、申请人、联系人 followed by a colon
//     (“姓名：张三”), the Han characters that follow, cut before the next
//     keyword such as 性别 or 身份证;
//   - before a personal-data keyword such as 身份证号、住址、电话、联系方式
//     (“张三，身份证号…”, “张三身份证号…”), the last 2–4 Han characters before
//     it (one separator in between is allowed).
//
// A candidate counts only if it starts with one of the common surnames below
// and has 2–3 characters (3–4 with a compound surname). Names written
// without such a label or keyword are not found.

const commonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

var compoundSurnames = []string{"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙", "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "西门", "呼延", "轩辕"}

// labelsBefore precede a name, followed by a colon.
var labelsBefore = []string{"被申请人", "申请人", "姓名", "联系人", "当事人", "户主", "收件人", "委托人", "代理人", "法定代表人"}

// keywordsAfter follow a name.
var keywordsAfter = []string{"身份证号码", "身份证号", "身份证", "公民身份号码", "家庭住址", "住址", "现住址", "联系电话", "电话", "手机号码", "手机号", "手机", "联系方式", "户籍地"}

// stopWords end a name that follows a label.
var stopWords = []string{"性别", "民族", "年龄", "出生", "身份", "住址", "电话", "手机", "联系", "男", "女", "同志", "先生", "女士"}

// validName reports whether rs looks like a personal name.
func validName(rs []rune) bool {
	n := len(rs)
	if n < 2 || n > 4 {
		return false
	}
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	if n >= 3 {
		head := string(rs[:2])
		for _, c := range compoundSurnames {
			if head == c {
				return true
			}
		}
	}
	return n <= 3 && strings.ContainsRune(commonSurnames, rs[0])
}

// hasPrefixAt reports whether the runes of t at i start with s.
func hasPrefixAt(t runeText, i int, s string) bool {
	for _, r := range s {
		if i >= len(t.rs) || t.rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func personalNames(t runeText) []Finding {
	var fs []Finding
	seen := map[[2]int]bool{}
	add := func(s, e int) {
		k := [2]int{s, e}
		if seen[k] {
			return
		}
		seen[k] = true
		bs, be := t.off[s], t.off[e]
		fs = append(fs, newFinding(t.text, KindPersonalName, bs, be,
			"疑似个人姓名，公开前请确认是否需要隐去（如改为“"+Mask(KindPersonalName, t.text[bs:be])+"”）"))
	}
	keywordEnd := 0 // keywords are not matched inside a longer keyword
	for i := 0; i < len(t.rs); i++ {
		// label：NAME
		for _, lb := range labelsBefore {
			if !hasPrefixAt(t, i, lb) {
				continue
			}
			j := i + len([]rune(lb))
			if t.at(j) != '：' && t.at(j) != ':' {
				continue
			}
			j++
			for t.at(j) == ' ' || t.at(j) == '\u3000' {
				j++
			}
			k := j
			for k < len(t.rs) && isHan(t.rs[k]) && k-j < 6 {
				stop := false
				for _, sw := range stopWords {
					if k > j && hasPrefixAt(t, k, sw) {
						stop = true
						break
					}
				}
				if stop {
					break
				}
				k++
			}
			if k < len(t.rs) && isHan(t.rs[k]) && k-j >= 6 {
				break // a longer run of text, not a name
			}
			if validName(t.rs[j:k]) {
				add(j, k)
			}
			break
		}
		// NAME keyword
		for _, kw := range keywordsAfter {
			if i < keywordEnd || !hasPrefixAt(t, i, kw) {
				continue
			}
			keywordEnd = i + len([]rune(kw))
			e := i
			if r := t.at(e - 1); r == '，' || r == ',' || r == '、' || r == ' ' || r == '（' || r == '(' {
				e--
			}
			s := e
			for s > 0 && isHan(t.rs[s-1]) && e-s < 4 {
				s--
			}
			for ; s <= e-2; s++ {
				if validName(t.rs[s:e]) {
					add(s, e)
					break
				}
			}
			break
		}
	}
	return fs
}
