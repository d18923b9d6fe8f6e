"""The rule expression language: parsing, errors, evaluation over a fake table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.expr import (
    Binary,
    Call,
    Compare,
    Expr,
    ExprError,
    Logic,
    Negate,
    Not,
    Number,
    Outcome,
    Ref,
    evaluate,
    parse,
    substitute,
)

D = Decimal


# --- a fake table -----------------------------------------------------------------------------

TAGS = {"outcome": ["granted", "partial", "refused"], "applicant": ["natural", "legal"]}


class Table:
    """Cells by key; patterns match segment by segment (``*``, ``[tag]`` or a literal)."""

    def __init__(self, cells: dict[str, Decimal | None]) -> None:
        self.cells = cells
        self.asked: list[str] = []

    def __call__(self, pattern: str) -> list[tuple[str, Decimal | None]]:
        self.asked.append(pattern)
        want = pattern.split(".")
        return [(key, value) for key, value in self.cells.items()
                if len(key.split(".")) == len(want)
                and all(self._match(w, seg) for w, seg in zip(want, key.split("."), strict=True))]

    @staticmethod
    def _match(want: str, segment: str) -> bool:
        if want == "*":
            return True
        if want.startswith("["):
            return segment in TAGS[want[1:-1]]
        return want == segment


def table() -> Table:
    return Table({
        "t3.new.natural": D(10), "t3.new.legal": D(2), "t3.new.total": D(12),
        "t3.granted.natural": D(4), "t3.granted.legal": D(1), "t3.granted.total": D(5),
        "t3.partial.natural": D(3), "t3.partial.legal": D(0), "t3.partial.total": D(3),
        "t3.refused.natural": D(2), "t3.refused.legal": None, "t3.refused.total": D(2),
        "t4.review.total": D("1.50"), "t4.review.blank": None,
    })


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "0", "12", "3.5", "-1", "--1", "(1)", "((2))",
    "t3.new.natural", "t3.withheld.state_secret.total", "t4.review.total",
    "t3.[outcome].{col}", "t3.{row}.[applicant]", "t4.{group}.total", "t3.withheld.*.total",
    "[outcome].x", "{table}.total",
    "1 + 2 - 3 * 4 / 5", "1 × 2 ÷ 3 − 4", "-(t3.a.b + 1)",
    "t3.a.b == 1", "t3.a.b != 1", "t3.a.b < 1", "t3.a.b <= 1", "t3.a.b > 1", "t3.a.b >= 1",
    "t3.a.b ≠ 1", "t3.a.b ≤ 1", "t3.a.b ≥ 1", "t3.a.b = 1", "t3.a.b=1",
    "a.b > 1 and c.d < 2", "a.b > 1 or c.d < 2", "not a.b > 1", "not not a.b > 1",
    "(a.b > 1 or c.d < 2) and not e.f == 0",
    "sum(t3.[outcome].natural)", "sum(a.b, c.d, 3)", "sum (a.b)", "min(a.b, 1)", "max(a.*.c)",
    "abs(a.b - c.d) <= 0.5", "sum(min(1, 2), max(3, 4))",
    "t3.a.b\n  == t3.c.d",  # YAML literal blocks keep newlines
    "t3.a.b　==　1",  # full-width spaces
])
def test_parses(text: str) -> None:
    expr = parse(text)
    assert isinstance(expr, Expr)
    assert expr.text == text


def test_tree_shape_and_precedence() -> None:
    root = parse("not a.b + 2 * -3 = 4 and c.d > 0 or e.f < 1").root
    assert isinstance(root, Logic) and root.op == "or"
    assert isinstance(root.left, Logic) and root.left.op == "and"
    negation = root.left.left
    assert isinstance(negation, Not) and negation.column == 1
    comparison = negation.operand
    assert isinstance(comparison, Compare) and comparison.op == "=="
    total = comparison.left
    assert isinstance(total, Binary) and total.op == "+"
    assert total.left == Ref("a.b", 5)
    product = total.right
    assert isinstance(product, Binary) and product.op == "*"
    assert product.right == Negate(Number(D(3), 16), 15)


def test_canonical_operators() -> None:
    assert parse("1 × 2").root == parse("1 * 2").root
    assert parse("1 ÷ 2").root == parse("1 / 2").root
    assert parse("1 − 2").root == parse("1 - 2").root
    assert parse("−2").root == parse("-2").root
    for spelling, op in [("≠", "!="), ("≤", "<="), ("≥", ">="), ("=", "=="), ("==", "==")]:
        root = parse(f"a.b {spelling} 1").root
        assert isinstance(root, Compare) and root.op == op


def test_call_node() -> None:
    root = parse("sum(t3.[outcome].natural, 1)").root
    assert root == Call("sum", (Ref("t3.[outcome].natural", 5), Number(D(1), 27)), 1)


def test_refs_and_placeholders() -> None:
    expr = parse("sum(t3.[outcome].{col}) == t3.total.{col} + t4.{group}.{col} - t3.total.{col}")
    assert expr.refs() == ["t3.[outcome].{col}", "t3.total.{col}", "t4.{group}.{col}"]
    assert expr.placeholders() == {"col", "group"}
    assert parse("1 + 2").refs() == []
    assert parse("t3.a.b").placeholders() == set()


def test_is_condition() -> None:
    assert parse("a.b > 1").is_condition
    assert parse("not a.b > 1 or c.d == 1").is_condition
    assert not parse("a.b + 1").is_condition


def test_parse_is_cached() -> None:
    assert parse("t3.a.b + 1") is parse("t3.a.b + 1")


@pytest.mark.parametrize(("text", "column", "message"), [
    ("(1 + 2))", 8, "unexpected ')' at column 8"),
    ("1 + * 2", 5, "unexpected '*' at column 5"),
    ("1 < 2 < 3", 7, "unexpected '<' at column 7"),  # comparisons do not chain
    ("", 1, "unexpected end of expression at column 1"),
    ("1 +", 4, "unexpected end of expression at column 4"),
    ("sum(1,", 7, "unexpected end of expression at column 7"),
    ("t3.a.b & 1", 8, "unexpected character '&' at column 8"),
    ("t3.Abc", 3, "unexpected character '.' at column 3"),
    ("total + 1", 7, "unexpected '+' at column 7"),  # a bare name is not a reference
    ("1 ==\n== 2", 6, "unexpected '==' at column 6"),  # columns count across lines
    ("foo(1)", 1, "unknown function 'foo' at column 1"),
    ("2 * abs(1, 2)", 5, "abs() at column 5 takes one argument"),
    ("(1 < 2) + 1", 4, "expected a number at column 4, got a condition"),
    ("sum(a.b > 1)", 9, "expected a number at column 9, got a condition"),
    ("not 1", 5, "expected a condition at column 5, got a number"),
    ("a.b > 1 and 2", 13, "expected a condition at column 13, got a number"),
])
def test_syntax_errors(text: str, column: int, message: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text)
    assert info.value.column == column
    assert info.value.message.startswith(message)
    assert str(info.value) == info.value.message
    assert isinstance(info.value, ValueError)


# --- substitution -----------------------------------------------------------------------------


def test_substitute() -> None:
    assert substitute("t3.[outcome].{col}", {"col": "natural"}) == "t3.[outcome].natural"
    assert substitute("t4.{group}.{col}", {"group": "review", "col": "total", "x": "y"}) \
        == "t4.review.total"
    assert substitute("t3.a.b", {}) == "t3.a.b"
    # One pass: a value is not itself substituted.
    assert substitute("t.{a}", {"a": "{b}", "b": "no"}) == "t.{b}"


def test_substitute_unknown_placeholder() -> None:
    with pytest.raises(ExprError) as info:
        substitute("t4.{group}.{col}", {"group": "review"})
    assert info.value.message == "unknown placeholder {col}"
    assert info.value.column == 12


# --- evaluation -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("1 + 2 * 3", D(7)),
    ("(1 + 2) * 3", D(9)),
    ("10 - 4 - 3", D(3)),
    ("12 / 3 / 2", D(2)),
    ("2 × 3 ÷ 4", D("1.5")),
    ("-2 * -3", D(6)),
    ("- -2", D(2)),
    ("1 − 3", D(-2)),
    ("0.1 + 0.2", D("0.3")),
    ("t3.new.natural + t3.new.legal", D(12)),
    ("sum(t3.new.*)", D(24)),
    ("sum(t3.[outcome].natural)", D(9)),
    ("sum(t3.[outcome].natural, t3.new.natural, 1)", D(20)),
    ("sum(t3.nothing.*)", D(0)),
    ("sum(t3.nothing.*, 2)", D(2)),
    ("min(t3.[outcome].natural)", D(2)),
    ("max(t3.[outcome].natural, 7)", D(7)),
    ("abs(t3.partial.natural - t3.new.natural)", D(7)),
    ("t4.review.total * 2", D("3.00")),
    ("1 / 3 * 3 > 0.99", True),
    ("1.0 == 1", True),  # Decimal comparison is exact, not textual
    ("0.1 + 0.2 = 0.3", True),
    ("1 ≠ 1", False),
    ("2 ≤ 2 and 3 ≥ 2 and 1 < 2 and 2 > 1 and 1 != 2", True),
    ("not 1 > 2", True),
    ("not 1 > 2 and 2 > 3", False),  # not binds tighter than and
    ("1 > 2 and 2 > 3 or 3 > 2", True),  # and binds tighter than or
    ("1 > 2 and (2 > 3 or 3 > 2)", False),
])
def test_values(text: str, value: Decimal | bool) -> None:
    outcome = evaluate(parse(text), table())
    assert outcome.checkable
    assert outcome.value == value
    assert type(outcome.value) is type(value)


def test_evaluate_accepts_text() -> None:
    assert evaluate("t3.new.total == sum(t3.new.natural, t3.new.legal)", table()).value is True


def test_comparison_left_and_right() -> None:
    outcome = evaluate("t3.new.total = sum(t3.[outcome].total)", table())
    assert outcome == Outcome(value=False, checkable=True, unknown=[],
                              cells=["t3.new.total", "t3.granted.total", "t3.partial.total",
                                     "t3.refused.total"],
                              left=D(12), right=D(10))


def test_no_left_and_right_unless_top_level_comparison() -> None:
    assert evaluate("1 + 1", table()).left is None
    outcome = evaluate("1 < 2 and 2 < 3", table())
    assert (outcome.left, outcome.right) == (None, None)


def test_placeholders_are_substituted_before_resolving() -> None:
    cells = table()
    outcome = evaluate("sum(t3.[outcome].{col}) <= t3.{row}.{col}", cells,
                       {"col": "natural", "row": "new"})
    assert outcome.value is True
    assert (outcome.left, outcome.right) == (D(9), D(10))
    assert cells.asked == ["t3.[outcome].natural", "t3.new.natural"]


def test_unknown_placeholder_at_evaluation() -> None:
    with pytest.raises(ExprError) as info:
        evaluate("1 + t4.{group}.{col}", table(), {"group": "review"})
    assert info.value.message == "unknown placeholder {col}"
    assert info.value.column == 16


def test_unknown_cells_make_outcome_not_checkable() -> None:
    outcome = evaluate(
        "sum(t3.[outcome].legal) + t4.review.blank + t3.refused.legal == t3.new.legal", table())
    assert outcome.value is None
    assert not outcome.checkable
    assert outcome.unknown == ["t3.refused.legal", "t4.review.blank"]  # in order, no duplicates
    assert outcome.cells == ["t3.granted.legal", "t3.partial.legal", "t3.refused.legal",
                             "t4.review.blank", "t3.new.legal"]
    assert (outcome.left, outcome.right) == (None, D(2))


@pytest.mark.parametrize("text", [
    "-t4.review.blank", "abs(t4.review.blank)", "min(t4.review.blank, 1)",
    "t4.review.blank / 0.5", "not t4.review.blank > 1",
])
def test_unknown_propagates(text: str) -> None:
    outcome = evaluate(text, table())
    assert (outcome.value, outcome.checkable, outcome.unknown) == (None, False, ["t4.review.blank"])


def test_missing_cell_is_unknown_under_its_pattern() -> None:
    outcome = evaluate("t3.{row}.natural == 1", table(), {"row": "withdrawn"})
    assert not outcome.checkable
    assert outcome.unknown == ["t3.withdrawn.natural"]
    assert outcome.cells == []


def test_min_of_no_cells_is_unknown() -> None:
    outcome = evaluate("min(t3.nothing.*)", table())
    assert (outcome.checkable, outcome.unknown) == (False, ["t3.nothing.*"])


@pytest.mark.parametrize(("text", "value"), [
    # Three-valued logic: an unknown side matters only when the other side does not decide.
    ("t4.review.blank > 0 and 1 > 2", False),
    ("1 > 2 and t4.review.blank > 0", False),
    ("t4.review.blank > 0 and 1 < 2", None),
    ("t4.review.blank > 0 or 1 < 2", True),
    ("1 < 2 or t4.review.blank > 0", True),
    ("t4.review.blank > 0 or 1 > 2", None),
    ("not (t4.review.blank > 0 or 1 > 2)", None),
    ("not (t4.review.blank > 0 and 1 > 2)", True),
])
def test_three_valued_logic(text: str, value: bool | None) -> None:
    outcome = evaluate(text, table())
    assert outcome.value is value
    assert outcome.checkable is (value is not None)
    assert outcome.unknown == ["t4.review.blank"]  # still reported when decided


def test_multi_cell_reference_outside_sum() -> None:
    with pytest.raises(ExprError) as info:
        evaluate("t3.[outcome].{col} == 1", table(), {"col": "natural"})
    assert info.value.message == "reference t3.[outcome].natural names 3 cells; use sum()"
    assert info.value.column == 1
    with pytest.raises(ExprError, match="use sum"):
        evaluate("sum(t3.new.* + 1)", table())  # expansion is only for a reference argument


def test_division_by_zero() -> None:
    with pytest.raises(ExprError) as info:
        evaluate("t3.new.total / (t3.partial.legal * 2)", table())
    assert info.value.message == "division by zero"
    assert info.value.column == 14
    # Even when the dividend is unknown, the rule divides by zero.
    with pytest.raises(ExprError, match="division by zero"):
        evaluate("t4.review.blank ÷ 0", table())


def test_non_finite_values_are_unknown() -> None:
    outcome = evaluate("x.y > 1", lambda pattern: [(pattern, D("NaN"))])
    assert (outcome.checkable, outcome.unknown) == (False, ["x.y"])


# --- properties -------------------------------------------------------------------------------

# Random integer trees, rendered with the fewest parentheses their precedence needs, so the
# parser's precedence and associativity are checked along with the arithmetic.

CELLS = {f"t9.r{i}.v": D(i * 7 - 20) for i in range(6)}
TIGHTEST = 4


@dataclass(frozen=True)
class Gen:
    text: str
    value: int | bool
    precedence: int  # 0 or, 1 and, 2 not, 3 comparison, 4 +-, 5 */, 6 unary, 7 atom


def _wrap(node: Gen, minimum: int) -> str:
    return node.text if node.precedence >= minimum else f"({node.text})"


leaves = st.one_of(
    st.integers(0, 1000).map(lambda n: Gen(str(n), n, 7)),
    st.sampled_from(sorted(CELLS)).map(lambda key: Gen(key, int(CELLS[key]), 7)),
)


def _extend(children: st.SearchStrategy[Gen]) -> st.SearchStrategy[Gen]:
    def binary(spelling: str, left: Gen, right: Gen) -> Gen:
        op, precedence = {"+": ("+", 4), "-": ("-", 4), "−": ("-", 4),
                          "*": ("*", 5), "×": ("*", 5)}[spelling]
        value = {"+": left.value + right.value, "-": left.value - right.value,
                 "*": left.value * right.value}[op]
        # Left-associative: the right operand needs parentheses at equal precedence.
        text = f"{_wrap(left, precedence)} {spelling} {_wrap(right, precedence + 1)}"
        return Gen(text, value, precedence)

    def call(name: str, args: list[Gen]) -> Gen:
        values = [a.value for a in args]
        value = {"sum": sum, "min": min, "max": max}[name](values)
        return Gen(f"{name}({', '.join(a.text for a in args)})", value, 7)

    return st.one_of(
        st.builds(binary, st.sampled_from(["+", "-", "−", "*", "×"]), children, children),
        st.builds(lambda c: Gen(f"-{_wrap(c, 6)}", -c.value, 6), children),
        st.builds(lambda c: Gen(f"abs({c.text})", abs(c.value), 7), children),
        st.builds(call, st.sampled_from(["sum", "min", "max"]),
                  st.lists(children, min_size=1, max_size=3)),
    )


numbers = st.recursive(leaves, _extend, max_leaves=12)


def _comparisons(draw_left: Gen, spelling: str, right: Gen) -> Gen:
    op = {"≠": "!=", "≤": "<=", "≥": ">=", "=": "=="}.get(spelling, spelling)
    value = {"==": draw_left.value == right.value, "!=": draw_left.value != right.value,
             "<": draw_left.value < right.value, "<=": draw_left.value <= right.value,
             ">": draw_left.value > right.value, ">=": draw_left.value >= right.value}[op]
    return Gen(f"{_wrap(draw_left, TIGHTEST)} {spelling} {_wrap(right, TIGHTEST)}", value, 3)


comparisons = st.builds(_comparisons, numbers,
                        st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "≠", "≤", "≥", "="]),
                        numbers)


def _extend_conditions(children: st.SearchStrategy[Gen]) -> st.SearchStrategy[Gen]:
    def logic(op: str, left: Gen, right: Gen) -> Gen:
        precedence = 1 if op == "and" else 0
        value = (left.value and right.value) if op == "and" else (left.value or right.value)
        return Gen(f"{_wrap(left, precedence)} {op} {_wrap(right, precedence + 1)}", value,
                   precedence)

    return st.one_of(
        st.builds(logic, st.sampled_from(["and", "or"]), children, children),
        st.builds(lambda c: Gen(f"not {_wrap(c, 2)}", not c.value, 2), children),
    )


conditions = st.recursive(comparisons, _extend_conditions, max_leaves=6)


def _resolve(pattern: str) -> list[tuple[str, Decimal | None]]:
    return [(pattern, CELLS[pattern])] if pattern in CELLS else []


@given(numbers)
@settings(max_examples=300)
def test_arithmetic_agrees_with_python(tree: Gen) -> None:
    outcome = evaluate(parse(tree.text), _resolve)
    assert outcome.checkable, tree.text
    assert outcome.value == tree.value, tree.text


@given(conditions)
@settings(max_examples=200)
def test_conditions_agree_with_python(tree: Gen) -> None:
    outcome = evaluate(parse(tree.text), _resolve)
    assert outcome.value is tree.value, tree.text


GRAMMAR_CHARS = "0123456789.+-−*×/÷()<>=!≠≤≥ \n_,[]{}abcdnotrsumix"


@given(st.one_of(st.text(), st.text(alphabet=GRAMMAR_CHARS, max_size=40)))
@settings(max_examples=500)
def test_parse_never_raises_anything_but_expr_error(text: str) -> None:
    try:
        expr = parse(text)
    except ExprError as e:
        assert e.column is not None and 1 <= e.column <= len(text) + 1
        return
    assert isinstance(expr, Expr)
    # Whatever parses also evaluates or fails cleanly.
    try:
        evaluate(expr, lambda pattern: [(pattern, D(0))], {})
    except ExprError:
        pass
