"""The text, JSON and SARIF formatters, on findings built by hand."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint import __version__
from lint.findings import FileResult, Finding, Location
from lint.formatters.json_out import fingerprint, format_json
from lint.formatters.sarif import format_sarif
from lint.formatters.text import format_text
from lint.rulepack import Rule as RealRule

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_SCHEMA = ROOT / "docs" / "gxlint-output.schema.json"
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"

jsonschema = pytest.importorskip("jsonschema")


def Rule(id: str, name: str, severity: str, summary: dict[str, str],  # noqa: N802
         description: dict[str, str] | None = None, basis: str = "",
         examples: dict[str, str] | None = None) -> RealRule:
    """A rule with just the fields the formatters read."""
    return RealRule(id, name, severity, summary, description or {}, basis, {}, {"kind": "debris"},
                    examples or {})


RULES = [
    Rule("GX601", "fee-disclosure-missing", "error",
         {"zh": "未说明信息处理费收取情况", "en": "No statement of information processing fees"},
         {"zh": "第六部分应说明收取信息处理费的情况。", "en": "Section 6 must state the fees collected."},
         "国办公开办函〔2021〕30号",
         {"bad": "六、存在的主要问题及改进情况\n无。", "good": "本年度未收取信息处理费。"}),
    Rule("GX401", "t3-balance", "error",
         {"zh": "表三收支不平衡", "en": "Table 3 does not balance"},
         {"zh": "表三每列：一 + 二 应等于 三(七) + 四。", "en": "Table 3, per column: 1 + 2 = 3(7) + 4."},
         "国办公开办函〔2021〕30号 附件表三",
         # A snippet with a ``` run: the markdown fence must be longer.
         {"bad": "一、本年新收\t10\n```", "good": "一、本年新收\t12"}),
    Rule("GX303", "label-nonstandard", "warning",
         {"zh": "标签与模板不一致", "en": "Label differs from the template"},
         {"zh": "行列标签应与模板一致。", "en": "Row and column labels should match the template."},
         "国办公开办函〔2021〕30号"),
    Rule("GX801", "stray-markup", "info",
         {"zh": "编辑残留", "en": "Editing debris"},
         {"zh": "文本中残留书签或标记。", "en": "Bookmarks or marks left in the text."},
         "—"),
]

# A line where 𠮷 (U+20BB7, two UTF-16 code units) comes before the finding's text.
ASTRAL_LINE = "𠮷山县本年共收到申请12件"
TARGET = "12"


def columns(line: str, target: str) -> tuple[int, int, int, int]:
    """1-based (column, end column) in code points and in UTF-16 code units; ends exclusive."""
    start = line.index(target)
    end = start + len(target)

    def u16(n: int) -> int:
        return len(line[:n].encode("utf-16-le")) // 2 + 1

    return start + 1, end + 1, u16(start), u16(end)


def astral_location() -> Location:
    col, end_col, u16_col, u16_end = columns(ASTRAL_LINE, TARGET)
    return Location(3, col, 3, end_col, u16_col, u16_end, snippet=ASTRAL_LINE)


def loc(line: int, col: int, page: int | None = None) -> Location:
    return Location(line, col, line, col + 2, col, col + 2, page=page)


def make_results(base: Path) -> list[FileResult]:
    zh_path = str(base / "报告" / "2023年 年报#1.txt")
    pdf_path = str(base / "b.pdf")
    bad_path = str(base / "missing.docx")
    return [
        FileResult(zh_path, profile="gov-2021", findings=[
            Finding("GX401", "t3-balance", "error", "表三第一列不平衡", zh_path, astral_location(),
                    cells=["t3.new.natural", "t3.total.natural"], fingerprint_key="t3.col.natural"),
            Finding("GX303", "label-nonstandard", "warning", "标签“其它”应为“其他”", zh_path, loc(1, 4),
                    fingerprint_key="其它"),
        ]),
        FileResult(pdf_path, profile="gov-2021", findings=[
            Finding("GX801", "stray-markup", "info", "编辑残留：[bookmark: _Toc1]", pdf_path,
                    loc(7, 1, page=2)),
        ]),
        FileResult(bad_path, error="文件已损坏"),
    ]


# -- text ---------------------------------------------------------------------------------


def test_astral_columns_are_utf16() -> None:
    col, _, u16_col, _ = columns(ASTRAL_LINE, TARGET)
    assert u16_col == col + 1  # 𠮷 is one code point but two UTF-16 code units


def test_text_zh(tmp_path: Path) -> None:
    results = make_results(tmp_path)
    zh, pdf, bad = (r.path for r in results)
    col = astral_location().column
    # Ordered by path ("b.pdf" < "missing.docx" < "报告/…"), then line and column.
    assert format_text(results).splitlines() == [
        f"{pdf}:2: GX801 提示 编辑残留：[bookmark: _Toc1] (第2页)",
        f"{bad}: error: 文件已损坏",
        f"{zh}:1:4: GX303 警告 标签“其它”应为“其他”",
        f"{zh}:3:{col}: GX401 错误 表三第一列不平衡",
        "共 3 个问题：1 个错误，1 个警告，1 个提示；3 个文件，其中 1 个无法读取",
    ]


def test_text_en_summary_and_page(tmp_path: Path) -> None:
    results = make_results(tmp_path)
    out = format_text(results, lang="en").splitlines()
    assert out[0].endswith(" (page 2)")
    assert out[-1] == "3 findings: 1 error, 1 warning, 1 info in 3 files (1 unreadable)"
    readable = results[:2]
    assert format_text(readable, lang="en").splitlines()[-1] == (
        "3 findings: 1 error, 1 warning, 1 info in 2 files")
    assert format_text(readable).splitlines()[-1] == "共 3 个问题：1 个错误，1 个警告，1 个提示；2 个文件"


def test_text_sorted_and_empty() -> None:
    f = [Finding("GX401", "t3-balance", "error", "m", "a.txt", loc(n, 1)) for n in (9, 2, 5)]
    lines = format_text([FileResult("a.txt", findings=f)], lang="en").splitlines()
    assert [ln.split(":")[1] for ln in lines[:3]] == ["2", "5", "9"]
    assert lines[-1] == "3 findings: 3 errors, 0 warnings, 0 info in 1 file"
    assert format_text([FileResult("a.txt")], lang="en") == (
        "0 findings: 0 errors, 0 warnings, 0 info in 1 file")


# -- JSON ---------------------------------------------------------------------------------


def output_validator():
    schema = json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_valid_and_contents(tmp_path: Path) -> None:
    results = make_results(tmp_path)
    text = format_json(results, RULES)
    assert "表三第一列不平衡" in text  # ensure_ascii=False
    doc = json.loads(text)
    output_validator().validate(doc)
    assert doc["version"] == 2
    assert doc["tool"] == {"name": "gxlint", "version": __version__}
    assert doc["counts"] == {"error": 1, "warning": 1, "info": 1}
    assert [r["id"] for r in doc["rules"]] == ["GX303", "GX401", "GX601", "GX801"]
    assert doc["rules"][1]["summary"] == "表三收支不平衡"
    by_path = {f["path"]: f for f in doc["files"]}
    zh = by_path[results[0].path]
    assert [f["rule"] for f in zh["findings"]] == ["GX303", "GX401"]
    astral = zh["findings"][1]
    want = astral_location()
    assert (astral["line"], astral["column"], astral["end_column"]) == (3, want.column, want.end_column)
    assert astral["page"] is None and astral["cells"] == ["t3.new.natural", "t3.total.natural"]
    assert astral["fingerprint"] == fingerprint("GX401", results[0].path, "t3.col.natural")
    assert by_path[results[1].path]["findings"][0]["page"] == 2
    bad = by_path[results[2].path]
    assert bad["error"] == "文件已损坏" and bad["findings"] == [] and bad["profile"] is None
    en = json.loads(format_json(results, RULES, lang="en"))
    output_validator().validate(en)
    assert en["rules"][1]["summary"] == "Table 3 does not balance"


def test_json_deterministic(tmp_path: Path) -> None:
    results = make_results(tmp_path)
    first = format_json(results, RULES)
    shuffled = [replace(r, findings=list(reversed(r.findings))) for r in reversed(results)]
    rules = list(RULES)
    random.Random(1).shuffle(rules)
    assert format_json(shuffled, rules) == first
    assert format_json(results, RULES) == first


# -- SARIF --------------------------------------------------------------------------------


@pytest.fixture
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not here")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_multi_file(tmp_path: Path, sarif_validator) -> None:
    results = make_results(tmp_path)
    log = json.loads(format_sarif(results, RULES, tmp_path))
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gxlint" and driver["version"] == __version__
    assert driver["informationUri"] == "https://pypi.org/project/gxlint/"
    assert {r["id"] for r in driver["rules"]} == {r.id for r in RULES}
    assert run["columnKind"] == "utf16CodeUnits"
    base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    assert unquote(base[len("file://"):]).rstrip("/") == str(tmp_path.resolve()).rstrip("/")

    assert len(run["results"]) == 3
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "SRCROOT" and not art["uri"].startswith(("/", "file:"))
        assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
        assert len(res["partialFingerprints"]["gxlint/v1"]) == 64

    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert [unquote(u) for u in uris] == ["b.pdf", "missing.docx", "报告/2023年 年报#1.txt"]
    assert uris[2] == "%E6%8A%A5%E5%91%8A/2023%E5%B9%B4%20%E5%B9%B4%E6%8A%A5%231.txt"

    levels = {res["ruleId"]: res["level"] for res in run["results"]}
    assert levels == {"GX401": "error", "GX303": "warning", "GX801": "note"}
    pdf = next(r for r in run["results"] if r["ruleId"] == "GX801")
    assert pdf["properties"]["page"] == 2

    inv = run["invocations"]
    assert len(inv) == 1 and inv[0]["executionSuccessful"] is True
    (note,) = inv[0]["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "missing.docx" in note["message"]["text"] and "文件已损坏" in note["message"]["text"]
    art = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == "missing.docx" and art["uriBaseId"] == "SRCROOT"


def test_sarif_utf16_region(tmp_path: Path) -> None:
    log = json.loads(format_sarif(make_results(tmp_path), RULES, tmp_path))
    res = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "GX401")
    region = res["locations"][0]["physicalLocation"]["region"]
    col, end_col, u16_col, u16_end = columns(ASTRAL_LINE, TARGET)
    assert (region["startColumn"], region["endColumn"]) == (u16_col, u16_end)
    assert region["startColumn"] != col  # the code-point column would be off by one
    assert region["startLine"] == region["endLine"] == 3
    assert region["snippet"]["text"] == ASTRAL_LINE
    assert res["properties"]["cells"] == ["t3.new.natural", "t3.total.natural"]


def test_sarif_rule_descriptors(tmp_path: Path) -> None:
    log = json.loads(format_sarif([], RULES, tmp_path, lang="en"))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    r = rules["GX401"]
    assert r["name"] == "t3-balance"
    assert r["shortDescription"]["text"] == "Table 3 does not balance"
    assert r["fullDescription"]["text"].startswith("Table 3, per column")
    assert r["defaultConfiguration"]["level"] == "error"
    assert rules["GX801"]["defaultConfiguration"]["level"] == "note"
    assert r["properties"]["basis"] == "国办公开办函〔2021〕30号 附件表三"
    md = r["help"]["markdown"]
    assert "国办公开办函〔2021〕30号 附件表三" in md
    assert "````text\n一、本年新收\t10\n```\n````" in md  # fence longer than the snippet's ```
    assert "```text\n一、本年新收\t12\n```" in md
    assert "一、本年新收\t12" in r["help"]["text"]
    assert log["runs"][0]["results"] == []


def test_sarif_fingerprints_stable(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    first = json.loads(format_sarif(make_results(a), RULES, a))
    again = json.loads(format_sarif(make_results(a), RULES, a))
    moved = json.loads(format_sarif(make_results(b), RULES, b))

    def prints(log: dict) -> list[str]:
        return [r["partialFingerprints"]["gxlint/v1"] for r in log["runs"][0]["results"]]

    assert prints(first) == prints(again) == prints(moved)  # relative paths: checkout-independent
    assert len(set(prints(first))) == 3
    # The finding without a fingerprint key falls back to its message.
    assert prints(first)[0] == fingerprint("GX801", "b.pdf", "编辑残留：[bookmark: _Toc1]")


def test_sarif_outside_base_and_unknown_rule(tmp_path: Path, sarif_validator) -> None:
    base = tmp_path / "base"
    outside = str(tmp_path / "其他" / "x.txt")
    f = Finding("GX999", "made-up", "warning", "m", outside, loc(2, 3))
    log = json.loads(format_sarif([FileResult(outside, findings=[f])], RULES, base))
    sarif_validator.validate(log)
    run = log["runs"][0]
    (res,) = run["results"]
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == Path(outside).as_uri() and "uriBaseId" not in art
    assert "%E5%85%B6" in art["uri"]  # 其, percent-encoded
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "GX999"


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\"),
                        min_size=1).filter(lambda s: s not in (".", "..")),
                min_size=1, max_size=3))
def test_sarif_uri_round_trips(parts: list[str]) -> None:
    base = Path("/srv/reports")
    rel = "/".join(parts)
    f = Finding("GX401", "t3-balance", "error", "m", str(base / rel), loc(1, 1))
    log = json.loads(format_sarif([FileResult(f.path, findings=[f])], RULES, base))
    uri = log["runs"][0]["artifacts"][0]["location"]["uri"]
    assert unquote(uri) == rel
    assert ":" not in uri.split("/")[0]  # never mistaken for a scheme
    assert all(ord(c) < 128 and not c.isspace() for c in uri)


def test_json_written_file_by_file_is_one_dumps(tmp_path: Path) -> None:
    """format_json writes each file's part alone; the bytes are those of one json.dumps of
    the whole document, with files, errors and none."""
    from lint.formatters.json_out import to_dict

    results = make_results(tmp_path)
    for batch in (results, results[:1], []):
        assert format_json(batch, RULES) == json.dumps(to_dict(batch, RULES), ensure_ascii=False, indent=2)
