"""The rule expression language: assertions over table cells, such as
``sum(t3.[outcome].{col}) == t3.total.{col}``.

The grammar is ``grammar/expr.lark``. Parsing turns it into a small tree of NamedTuples;
evaluation walks that tree with Decimal arithmetic (never Python's eval). Cell references are
patterns that the caller's ``resolve`` turns into concrete cells, so this module knows nothing
about documents or profiles.

Columns in errors are 1-based positions in the expression text (a newline counts as one
character). Syntax and type errors found by ``parse`` mention the column in their message;
errors found while evaluating carry it only in ``ExprError.column``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Context, Decimal, localcontext
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # Lark loads only to parse an expression the cache does not hold
    from lark import Lark, Token

from .resources import EXPRESSION_LOADERS, lark_parser

Resolver = Callable[[str], list[tuple[str, Decimal | None]]]


class ExprError(ValueError):
    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


# --- the tree -------------------------------------------------------------------------------
# Every node records the column of its main token: the literal, the reference, the operator or
# the function name. Nodes are NamedTuples: immutable and hashable (a Ref is a key of Bound.refs)
# like the frozen dataclasses they were, but made at import without compiling methods (a frozen
# dataclass execs six). Code tells kinds apart with isinstance, as tuples of equal fields of two
# kinds would compare equal.


class Number(NamedTuple):
    """A literal."""
    value: Decimal
    column: int


class Ref(NamedTuple):
    """A cell reference, placeholders unsubstituted."""
    pattern: str  # as written, placeholders unsubstituted
    column: int


class Negate(NamedTuple):
    """-x."""
    operand: Node
    column: int


class Binary(NamedTuple):
    """x + y, x - y, x * y, x / y."""
    op: str  # + - * /
    left: Node
    right: Node
    column: int


class Call(NamedTuple):
    """sum(…), min(…), max(…), abs(x)."""
    name: str  # sum | min | max | abs
    args: tuple[Node, ...]
    column: int


class Compare(NamedTuple):
    """x == y and the other comparisons."""
    op: str  # == != < <= > >=
    left: Node
    right: Node
    column: int


class Not(NamedTuple):
    """not c."""
    operand: Node
    column: int


class Logic(NamedTuple):
    """c and d, c or d."""
    op: str  # and | or
    left: Node
    right: Node
    column: int


Node = Number | Ref | Negate | Binary | Call | Compare | Not | Logic

_CONDITIONS = (Compare, Not, Logic)  # nodes that yield a bool; all others yield a Decimal
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Negate | Not):
        return (node.operand,)
    if isinstance(node, Binary | Compare | Logic):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def _walk(node: Node) -> Iterator[Node]:
    """Pre-order, left to right, so references come out in the order they are written."""
    yield node
    for child in _children(node):
        yield from _walk(child)


class Expr(NamedTuple):
    """A parsed expression: its text and its tree."""

    text: str
    root: Node

    @property
    def is_condition(self) -> bool:
        """True when the expression yields true/false rather than a number."""
        return isinstance(self.root, _CONDITIONS)

    def refs(self) -> list[str]:
        """The reference patterns as written, in order, without duplicates."""
        return list(dict.fromkeys(n.pattern for n in _walk(self.root) if isinstance(n, Ref)))

    def placeholders(self) -> set[str]:
        return {name for pattern in self.refs() for name in _PLACEHOLDER.findall(pattern)}


# --- parsing --------------------------------------------------------------------------------

# The Unicode and shorthand spellings the grammar accepts, mapped to the canonical operator.
_CANONICAL = {"×": "*", "÷": "/", "−": "-", "=": "==", "≠": "!=", "≤": "<=", "≥": ">="}
_FUNCTIONS = ("abs", "max", "min", "sum")


def _column(token: Token) -> int:
    # start_pos is a 0-based code point offset into the whole text; Lark's own column restarts
    # at each line, which would be ambiguous in a multi-line expression.
    return (token.start_pos or 0) + 1


def _op(token: Token) -> str:
    return _CANONICAL.get(str(token), str(token))


def _number(node: Node) -> Node:
    if isinstance(node, _CONDITIONS):
        raise ExprError(f"expected a number at column {node.column}, got a condition", node.column)
    return node


def _condition(node: Node) -> Node:
    if not isinstance(node, _CONDITIONS):
        raise ExprError(f"expected a condition at column {node.column}, got a number", node.column)
    return node


class _Build:
    """Lark callbacks, applied while the LALR parser reduces: they build nodes and check that
    numbers and conditions are used where each is expected. (Made a Lark Transformer in
    _parser(), so that importing this module does not load Lark.)"""

    def number(self, children: list) -> Node:
        (token,) = children
        return Number(Decimal(str(token)), _column(token))

    def ref(self, children: list) -> Node:
        (token,) = children
        return Ref(str(token), _column(token))

    def negate(self, children: list) -> Node:
        op, operand = children
        return Negate(_number(operand), _column(op))

    def binary(self, children: list) -> Node:
        left, op, right = children
        return Binary(_op(op), _number(left), _number(right), _column(op))

    def call(self, children: list) -> Node:
        name, *args = children
        column = _column(name)
        if name not in _FUNCTIONS:
            raise ExprError(f"unknown function {str(name)!r} at column {column}; "
                            f"known: {', '.join(_FUNCTIONS)}", column)
        if name == "abs" and len(args) != 1:
            raise ExprError(f"abs() at column {column} takes one argument", column)
        return Call(str(name), tuple(_number(arg) for arg in args), column)

    def compare(self, children: list) -> Node:
        left, op, right = children
        return Compare(_op(op), _number(left), _number(right), _column(op))

    def not_(self, children: list) -> Node:
        op, operand = children
        return Not(_condition(operand), _column(op))

    def and_(self, children: list) -> Node:
        left, op, right = children
        return Logic("and", _condition(left), _condition(right), _column(op))

    def or_(self, children: list) -> Node:
        left, op, right = children
        return Logic("or", _condition(left), _condition(right), _column(op))


@cache
def _parser() -> Lark:
    from lark import Transformer

    class Build(_Build, Transformer):
        pass

    return lark_parser("expr.lark", transformer=Build())


# Expressions parsed when the rule packs were compiled (lint/rulepack.py keeps them in its
# cache and registers a loader in resources.EXPRESSION_LOADERS): a warm run never builds the
# expression parser.
_KNOWN: dict[str, Expr] = {}


def remember(exprs: Mapping[str, Expr]) -> None:
    _KNOWN.update(exprs)


# Bounds on a rule's expression: the built-in ones stay far below (tens of nodes, depth < 10);
# a hostile pack's 1,000-term or 1,000-deep expression is a load error, not a RecursionError.
MAX_CHARS = 4000
MAX_NODES = 1000
MAX_DEPTH = 100


def _check_size(root: Node) -> None:
    """Count nodes and depth without recursion (evaluation recurses, so depth is bounded)."""
    count, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExprError(f"expression too large (over {MAX_NODES} terms and operators)")
        if depth > MAX_DEPTH:
            raise ExprError(f"expression nested too deeply (over {MAX_DEPTH} levels)")
        stack.extend((child, depth + 1) for child in _children(node))


@lru_cache(maxsize=4096)  # rules are re-evaluated per document with the same few texts
def parse(text: str) -> Expr:
    while EXPRESSION_LOADERS:  # the rule packs' expressions, parsed in an earlier run
        remember(EXPRESSION_LOADERS.pop()())
    if text in _KNOWN:
        return _KNOWN[text]
    if len(text) > MAX_CHARS:
        raise ExprError(f"expression too long ({len(text)} characters; at most {MAX_CHARS})")
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    try:
        root = _parser().parse(text)
    except UnexpectedCharacters as e:
        column = e.pos_in_stream + 1
        raise ExprError(f"unexpected character {text[e.pos_in_stream]!r} at column {column}",
                        column) from None
    except UnexpectedToken as e:
        if e.token.type == "$END":
            column = len(text.rstrip()) + 1
            raise ExprError(f"unexpected end of expression at column {column}", column) from None
        column = _column(e.token)
        raise ExprError(f"unexpected {str(e.token)!r} at column {column}", column) from None
    except UnexpectedInput as e:  # any other Lark complaint; not expected with LALR
        column = e.column if isinstance(e.column, int) and e.column > 0 else None
        raise ExprError(f"syntax error at column {column}", column) from None
    except RecursionError:  # not expected with LALR; a bound rather than a traceback
        raise ExprError(f"expression nested too deeply (over {MAX_DEPTH} levels)") from None
    _check_size(root)
    return Expr(text, root)


def substitute(pattern: str, variables: Mapping[str, str]) -> str:
    """Replace each ``{name}`` in a reference pattern by its value (in one pass, so a value
    that itself contains braces is left alone)."""

    def value(match: re.Match[str]) -> str:
        if match[1] not in variables:
            raise ExprError(f"unknown placeholder {match[0]}", match.start() + 1)
        return variables[match[1]]

    return _PLACEHOLDER.sub(value, pattern)


# --- evaluation -----------------------------------------------------------------------------


class Outcome(NamedTuple):
    """What an evaluation found."""
    value: Decimal | bool | None  # None when the referenced cells do not decide it
    checkable: bool
    unknown: list[str]  # cells (or empty patterns) with no number
    cells: list[str]  # every concrete cell referenced
    # For a top-level comparison: the reported value (left) and the computed value (right).
    left: Decimal | None = None
    right: Decimal | None = None


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}
# Report figures are short; 50 digits keeps their sums and products exact. The default traps
# (InvalidOperation, DivisionByZero, Overflow) stay on and are turned into ExprError.
_DECIMAL = Context(prec=50)


class _Evaluation:
    def __init__(self, resolve: Resolver, variables: Mapping[str, str],
                 bound: Mapping[Ref, tuple[str, tuple[str, ...]]] | None = None,
                 pairs: Callable[[tuple[str, ...]], list[tuple[str, Decimal | None]]] | None = None) -> None:
        self.resolve = resolve
        self.variables = variables
        self.bound, self.pairs = bound, pairs
        # dicts as insertion-ordered sets
        self.cells: dict[str, None] = {}
        self.unknown: dict[str, None] = {}

    def lookup(self, ref: Ref) -> tuple[str, list[Decimal | None]]:
        """The substituted pattern and the values of every cell it names."""
        if self.bound is not None:  # references resolved once per profile (Bound)
            pattern, keys = self.bound[ref]
            pairs = self.pairs(keys)  # type: ignore[misc]
        else:
            pattern = _substitute_at(ref, self.variables)
            pairs = self.resolve(pattern)
        values: list[Decimal | None] = []
        for key, value in pairs:
            if value is not None and not value.is_finite():
                value = None  # NaN or infinity is not a figure
            self.cells.setdefault(key)
            if value is None:
                self.unknown.setdefault(key)
            values.append(value)
        return pattern, values

    def single(self, ref: Ref) -> Decimal | None:
        pattern, values = self.lookup(ref)
        if len(values) > 1:
            raise ExprError(f"reference {pattern} names {len(values)} cells; use sum()",
                            ref.column)
        if not values:
            self.unknown.setdefault(pattern)
            return None
        return values[0]

    def number(self, node: Node) -> Decimal | None:
        if isinstance(node, Number):
            return node.value
        if isinstance(node, Ref):
            return self.single(node)
        if isinstance(node, Negate):
            value = self.number(node.operand)
            return None if value is None else -value
        if isinstance(node, Binary):
            # Evaluate both sides even if one is unknown, so every cell gets reported.
            left, right = self.number(node.left), self.number(node.right)
            if node.op == "/" and right == 0:
                raise ExprError("division by zero", node.column)
            if left is None or right is None:
                return None
            return _ARITHMETIC[node.op](left, right)
        if isinstance(node, Call):
            return self.call(node)
        raise TypeError(f"not a numeric node: {node!r}")  # parse() rules this out

    def call(self, node: Call) -> Decimal | None:
        if node.name == "abs":
            value = self.number(node.args[0])
            return None if value is None else abs(value)
        # sum, min and max take every cell a multi-cell reference names.
        values: list[Decimal | None] = []
        for arg in node.args:
            if not isinstance(arg, Ref):
                values.append(self.number(arg))
                continue
            pattern, found = self.lookup(arg)
            if not found and node.name != "sum":  # an empty sum is 0; an empty min is unknown
                self.unknown.setdefault(pattern)
                values.append(None)
            values.extend(found)
        known = [v for v in values if v is not None]
        if len(known) < len(values):
            return None
        if node.name == "sum":
            return sum(known, Decimal(0))
        return min(known) if node.name == "min" else max(known)

    def compare(self, node: Compare) -> tuple[bool | None, Decimal | None, Decimal | None]:
        left, right = self.number(node.left), self.number(node.right)
        if left is None or right is None:
            return None, left, right
        return _COMPARE[node.op](left, right), left, right

    def truth(self, node: Node) -> bool | None:
        if isinstance(node, Compare):
            return self.compare(node)[0]
        if isinstance(node, Not):
            value = self.truth(node.operand)
            return None if value is None else not value
        if isinstance(node, Logic):
            # Three-valued: an unknown side matters only if the other side does not decide.
            left, right = self.truth(node.left), self.truth(node.right)
            decisive = node.op == "or"  # True decides "or", False decides "and"
            if left is decisive or right is decisive:
                return decisive
            if left is None or right is None:
                return None
            return not decisive
        raise TypeError(f"not a condition node: {node!r}")  # parse() rules this out


def _substitute_at(ref: Ref, variables: Mapping[str, str]) -> str:
    try:
        return substitute(ref.pattern, variables)
    except ExprError as e:
        raise ExprError(e.message, ref.column + (e.column or 1) - 1) from None


class Bound(NamedTuple):
    """An expression with its references substituted and expanded to concrete cell keys, once
    per rule, profile and for_each value: evaluating it per report only looks values up."""

    expr: Expr
    refs: dict[Ref, tuple[str, tuple[str, ...]]]  # node -> (substituted pattern, cell keys)

    @property
    def complete(self) -> bool:
        """Every reference names at least one cell (a row or column may lack one)."""
        return all(keys for _, keys in self.refs.values())

    def evaluate(self, pairs: Callable[[tuple[str, ...]], list[tuple[str, Decimal | None]]]) -> Outcome:
        """As :func:`evaluate`; ``pairs(keys)`` gives the (key, number or None) pairs the
        cells ``keys`` of one reference stand for in this report."""
        return _run(self.expr, _Evaluation(_no_resolver, {}, self.refs, pairs))


def _no_resolver(pattern: str) -> list[tuple[str, Decimal | None]]:
    raise AssertionError("a bound expression resolves nothing")  # every Ref is in Bound.refs


def bind(expr: Expr | str, expand: Callable[[str], list[str]],
         variables: Mapping[str, str] | None = None) -> Bound:
    """Resolve ``expr``'s references with ``variables`` through ``expand`` (pattern -> cell
    keys) once; see :class:`Bound`. An unknown placeholder raises ExprError here."""
    if isinstance(expr, str):
        expr = parse(expr)
    refs: dict[Ref, tuple[str, tuple[str, ...]]] = {}
    for node in _walk(expr.root):
        if isinstance(node, Ref) and node not in refs:
            pattern = _substitute_at(node, variables or {})
            refs[node] = (pattern, tuple(expand(pattern)))
    return Bound(expr, refs)


def evaluate(expr: Expr | str, resolve: Resolver,
             variables: Mapping[str, str] | None = None) -> Outcome:
    """Evaluate expr over the cells resolve names.

    ``resolve`` receives a reference pattern with its placeholders substituted and returns
    (key, value) pairs, value None when the cell holds no number. Unknown cells never raise:
    they make the outcome not checkable unless the rest of the expression decides it. Errors
    in the rule itself (division by zero, a multi-cell reference outside sum(), an unknown
    placeholder) raise ExprError.
    """
    if isinstance(expr, str):
        expr = parse(expr)
    return _run(expr, _Evaluation(resolve, variables or {}))


def _run(expr: Expr, run: _Evaluation) -> Outcome:
    value: Decimal | bool | None
    left = right = None
    try:
        with localcontext(_DECIMAL):
            if isinstance(expr.root, Compare):
                value, left, right = run.compare(expr.root)
            elif expr.is_condition:
                value = run.truth(expr.root)
            else:
                value = run.number(expr.root)
    except ArithmeticError as e:  # decimal overflow and the like, from absurd literals
        raise ExprError(f"arithmetic error: {type(e).__name__}") from e
    return Outcome(value, value is not None, list(run.unknown), list(run.cells), left, right)
