"""Word's automatic numbering as text: headings numbered 一、 （一） 1. by a list definition
rather than typed. The number is not in the paragraph's runs; without it a heading would
not read as one. Counters follow document order, per list and level, a level restarting when
a higher one advances."""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_NUMBER = 32767  # the largest list number Word's own dialogs accept
MAX_LEVEL = 8  # levels are 0–8 in Word


class NumberingError(ValueError):
    """A list number or level past what Word writes: ``what`` is "number" or "level"."""

    def __init__(self, what: str, value: int, limit: int) -> None:
        super().__init__(f"list {what} {value} (the limit is {limit})")
        self.what, self.value, self.limit = what, value, limit
_CN = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十,
    20000 → 二万 (what Word writes)."""
    if n >= 10000:
        high, rest = divmod(n, 10000)
        return chinese(high) + "万" + ("" if rest == 0 else
                                      ("零" if rest < 1000 else "") + _tens_one(rest))
    if n >= 1000:
        thousands, rest = divmod(n, 1000)
        return _CN[thousands] + "千" + ("" if rest == 0 else
                                        ("零" if rest < 100 else "") + _tens_one(rest))
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _CN[hundreds] + "百"
    return _CN[hundreds] + "百" + ("零" + _CN[rest] if rest < 10 else
                                   ("一" if rest < 20 else "") + chinese(rest))


def _tens_one(n: int) -> str:
    """Within a larger number 十 is written 一十 (一千零一十), as Word does."""
    text = chinese(n)
    return "一" + text if 10 <= n < 20 else text


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({i: 0xFF10 + i - 0x30 for i in range(0x30, 0x3A)}),
    "decimalFullWidth2": lambda n: str(n).translate({i: 0xFF10 + i - 0x30 for i in range(0x30, 0x3A)}),
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "ideographDigital": lambda n: "".join(_CN[int(d)] for d in str(n)),
    "japaneseCounting": chinese,
    "taiwaneseCounting": chinese,
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 1 <= n <= 20 else str(n),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
}


def _number(n: int) -> int:
    if n > MAX_NUMBER:
        raise NumberingError("number", n, MAX_NUMBER)
    return n


def _level(value: str | None) -> int:
    level = int(value) if value and value.isdigit() else 0
    if level > MAX_LEVEL:
        raise NumberingError("level", level, MAX_LEVEL)
    return level


def _val(el, name: str) -> str | None:
    child = el.find(W + name) if el is not None else None
    return child.get(W + "val") if child is not None else None


class Numbering:
    """The numbers Word shows before numbered paragraphs, in the order they are asked for."""

    def __init__(self, numbering_xml, styles_xml) -> None:
        self.abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_xml is not None:
            for ab in numbering_xml.iterchildren(W + "abstractNum"):
                levels = {}
                for lvl in ab.iterchildren(W + "lvl"):
                    start = _val(lvl, "start")
                    level = _level(lvl.get(W + "ilvl"))
                    levels[level] = (
                        _number(int(start)) if start and start.isdigit() else 1,
                        _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
                self.abstract[ab.get(W + "abstractNumId")] = levels
            for num in numbering_xml.iterchildren(W + "num"):
                starts = {}
                for override in num.iterchildren(W + "lvlOverride"):
                    start = _val(override, "startOverride")
                    if start and start.isdigit():
                        starts[_level(override.get(W + "ilvl"))] = _number(int(start))
                self.nums[num.get(W + "numId")] = (_val(num, "abstractNumId") or "", starts)
        if styles_xml is not None:
            for style in styles_xml.iterchildren(W + "style"):
                numpr = style.find(f"{W}pPr/{W}numPr")
                self.styles[style.get(W + "styleId")] = (
                    _val(style, "basedOn"), _val(numpr, "numId"), _val(numpr, "ilvl"))

    def label(self, p) -> str:
        """The number shown before paragraph ``p`` ('' when it has none); advances the count."""
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        style = _val(ppr, "pStyle")
        for _ in range(10):  # a style's numbering, through basedOn; a cycle stops here
            if num_id is not None or style is None or style not in self.styles:
                break
            style, num_id, style_lvl = self.styles[style]
            ilvl = ilvl or style_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, starts = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = _level(ilvl) if ilvl and ilvl.isdigit() else 0
        if level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = starts.get(level, levels[level][0])
        counters[level] = _number(counters[level] + 1) if level in counters else start
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text = levels[level][1], levels[level][2]
        if fmt in ("bullet", "none") or fmt not in FORMATS:
            return ""
        for k in range(9):
            if f"%{k + 1}" in text:
                lfmt = levels.get(k, (1, "decimal", ""))[1]
                value = counters.get(k, starts.get(k, levels.get(k, (1,))[0]))
                text = text.replace(f"%{k + 1}", FORMATS.get(lfmt, str)(value))
        return text
