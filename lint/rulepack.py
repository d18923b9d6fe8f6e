"""Rule packs: YAML files of rules, validated when they are loaded.

Validation has two layers. ``rules/pack.schema.json`` (JSON Schema) fixes the shape: no
unknown key, every field of the rule's check kind. Then each rule is checked against what it
refers to: regexes must compile, expressions must parse, every cell reference must name a
cell of a format profile, every section or table key must exist, and a message may only use
the placeholders its check provides. Any failure is a ``RuleLoadError`` naming the file and
line — a rule that could never fire is never loaded.

Validated packs are cached (keyed by their content and gxlint's version, with their
expressions parsed) so a lint run does not pay for YAML parsing and schema validation each
time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .resources import rules_dir


class RuleLoadError(Exception):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.message = path, line, message


class Rule:
    """One validated rule of a pack. (A plain class: a dataclass compiles its methods each
    time gxlint starts.)"""

    def __init__(self, id: str, name: str, severity: str, summary: dict[str, str],
                 description: dict[str, str], basis: str, message: dict[str, str],
                 check: dict[str, Any], examples: dict[str, str], profiles: tuple[str, ...] = (),
                 fixable: bool = False, source: str = "") -> None:
        self.id, self.name, self.severity = id, name, severity
        self.summary, self.description, self.basis = summary, description, basis
        self.message, self.check, self.examples = message, check, examples
        self.profiles, self.fixable = profiles, fixable
        self.source = source  # path:line of the rule's definition
        self._compiled: dict[str, Any] = {}  # what is built from the rule where it is used

    @property
    def kind(self) -> str:
        return self.check["kind"]

    @property
    def builtin(self) -> bool:
        if "builtin" not in self._compiled:
            self._compiled["builtin"] = is_builtin(self.source.rpartition(":")[0])
        return self._compiled["builtin"]

    def __getstate__(self) -> dict:
        # What is compiled from the rule (regexes, bound expressions) is rebuilt where the
        # rule is used, never pickled (the rule cache, worker processes).
        return {**self.__dict__, "_compiled": {}}

    def pattern(self, text: str):
        """``text`` compiled as this rule's regexes are: user packs on RE2 (linear time)."""
        from .scopes import compile_pattern

        return compile_pattern(text, safe=not self.builtin)

    def applies_to(self, profile: str) -> bool:
        return not self.profiles or profile in self.profiles


# Compiled on first use (re keeps them): only validating a pack needs them, and a warm run
# takes its packs validated from the cache.
_PLURAL = r"[^{}:|!]{1,80}\|[^{}:|!]{1,80}"

# Placeholders each check kind provides to its messages.
PLACEHOLDERS: dict[str, set[str]] = {
    "not-a-report": set(),
    "section-structure": {"problems"},
    "section-present": {"section", "number"},
    "section-order": {"section", "previous"},
    "section-heading": {"found", "expected", "number"},
    "section-empty": {"section", "number", "content"},
    "pattern": {"item", "scope", "found", "year"},
    "fact": {"year"},
    "period-year": {"start", "end", "year"},
    "year-agreement": {"title_year", "period_year", "signature_date", "first", "second"},
    "deadline": {"date", "deadline", "issuer", "which", "basis"},
    "table-present": {"table"},
    "table-complete": {"table", "missing", "count"},
    "table-unreadable": {"table"},
    "table-picture": {"table"},
    "label": {"found", "expected", "where"},
    "cell-kind": {"table", "cells", "count"},
    "group-as-row": {"table", "group", "items", "count"},
    "cell-value": {"cell", "value"},
    "profile-outdated": {"profile", "year", "expected", "table", "headings"},
    "assert": {"left", "right", "cells", "where"},
    "cross-year": {"left", "right", "cells", "year", "prev_year", "previous"},
    "text-number": {"stated", "expected", "text"},
    "parts-sum": {"total", "sum", "parts", "text"},
    "unit": {"cell", "detail"},
    "debris": {"text"},
    "title-space": {"text"},
    "suppression": {"comment", "rules", "rule", "count", "baseline", "message"},
    "unread-pages": {"pages", "count"},
    "year-reference": {"found", "cited", "year"},
    "parts-announced": {"found", "detail"},
    "text-repeated": {"shares", "where", "passage", "chars", "prev_where", "year", "prev_year", "previous"},
}


# --- YAML with line numbers ------------------------------------------------------------------

MAX_PACK_CHARS = 1_000_000  # the built-in packs together are a tenth of this
MAX_YAML_DEPTH = 32


def _load_yaml(text: str, path: str) -> tuple[Any, dict[tuple, int]]:
    """The YAML document and the line of every node, keyed by its path of keys/indexes."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if len(text) > MAX_PACK_CHARS:
        raise RuleLoadError(path, None, f"rule pack too large ({len(text)} characters; "
                                        f"at most {MAX_PACK_CHARS})")
    try:
        # Anchors and aliases are refused before anything is built: a few hundred bytes of
        # nested aliases (a "billion laughs") would otherwise expand to gigabytes.
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise RuleLoadError(path, event.start_mark.line + 1,
                                    "YAML anchors and aliases (&name, *name) are not allowed "
                                    "in rule packs: write each value out")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise RuleLoadError(path, event.start_mark.line + 1,
                                        f"nested too deeply (over {MAX_YAML_DEPTH} levels)")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        data = yaml.load(text, Loader=loader)
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleLoadError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from exc
    lines: dict[tuple, int] = {}

    def walk(n, where: tuple) -> None:
        lines[where] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            seen = set()
            for k, v in n.value:
                if k.value in seen:
                    raise RuleLoadError(path, k.start_mark.line + 1, f"duplicate key {k.value!r}")
                seen.add(k.value)
                walk(v, (*where, k.value))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, (*where, i))

    if node is not None:
        walk(node, ())
    return data, lines


# --- validation ----------------------------------------------------------------------------


def _schema() -> dict:
    return json.loads((rules_dir() / "pack.schema.json").read_text(encoding="utf-8"))


def _validate(data: Any, lines: dict[tuple, int], path: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    where = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # Point at the unknown key itself, not at the mapping that holds it.
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in known)
        if extra:
            where = (*where, extra[0])
    line = None
    while line is None:
        line = lines.get(where)
        if not where:
            break
        where = where[:-1]
    rule_id = _rule_id_at(data, tuple(error.absolute_path))
    prefix = f"rule {rule_id}: " if rule_id else ""
    location = "/".join(map(str, error.absolute_path))
    raise RuleLoadError(path, line, f"{prefix}{error.message}" + (f" (at {location})" if location else ""))


def _rule_id_at(data: Any, where: tuple) -> str | None:
    if len(where) >= 2 and where[0] == "rules" and isinstance(where[1], int):
        try:
            return data["rules"][where[1]].get("id")
        except (IndexError, AttributeError, KeyError, TypeError):
            return None
    return None


def _check_references(rule: dict, lines: dict[tuple, int], where: tuple, path: str) -> None:
    """Everything the schema cannot see: regexes, expressions, keys, placeholders."""
    from .expr import ExprError, parse, substitute
    from .profiles import ProfileError, get_profile, load_profiles
    from .scopes import PatternError, compile_pattern

    builtin = is_builtin(path)
    check = rule["check"]
    kind = check["kind"]

    def fail(message: str, *sub: Any) -> None:
        line = lines.get((*where, "check", *sub)) or lines.get((*where, "check")) or lines.get(where)
        raise RuleLoadError(path, line, f"rule {rule['id']}: {message}")

    profiles = load_profiles()
    try:
        applicable = [get_profile(p) for p in rule.get("profiles", ())] or list(profiles.values())
    except ProfileError as exc:
        raise RuleLoadError(path, lines.get((*where, "profiles")), f"rule {rule['id']}: {exc}") from exc
    sections = {s.key for p in applicable for s in p.sections}
    tables = {t.key for p in applicable for t in p.tables}

    import string  # validating a pack only: a warm run takes it validated from the cache

    for lang in ("zh", "en"):
        try:
            fields = [f for f in string.Formatter().parse(rule["message"][lang]) if f[1] is not None]
        except ValueError as exc:
            raise RuleLoadError(path, lines.get((*where, "message", lang)),
                                f"rule {rule['id']}: bad message template: {exc}") from exc
        for _, name, spec, conversion in fields:
            # Plain {name} only: a format spec ({n:>2000000000}), an attribute or an index
            # would let a message allocate memory or reach into objects.
            # The one spec allowed is a plural pair, {count:cell|cells} (lint/findings.py Count).
            plural = bool(spec) and re.fullmatch(_PLURAL, spec) is not None
            if (spec and not plural) or conversion or not name.isidentifier():
                shown = "{" + name + (f"!{conversion}" if conversion else "") + \
                    (f":{spec}" if spec else "") + "}"
                raise RuleLoadError(path, lines.get((*where, "message", lang)),
                                    f"rule {rule['id']}: placeholder {shown} in the {lang} message: "
                                    "only plain {name} placeholders are allowed")
        names = {f[1] for f in fields}
        allowed = PLACEHOLDERS[kind] | _for_each_names(check)
        unknown = names - allowed
        if unknown:
            raise RuleLoadError(path, lines.get((*where, "message", lang)),
                                f"rule {rule['id']}: unknown placeholder(s) {sorted(unknown)} in the "
                                f"{lang} message; {kind} provides {sorted(allowed)}")

    scopes = check.get("scope")
    for scope in [scopes] if isinstance(scopes, str) else scopes or []:
        if scope not in sections | {"title", "preamble", "document"}:
            fail(f"unknown scope {scope!r}", "scope")
    if kind == "pattern" and not (check.get("require_any") or check.get("forbid_any")):
        fail("a pattern check needs require_any (what must be there) or forbid_any (what must not)")
    for i, key in enumerate(check.get("cells", ())):
        if not any(key in p.cells for p in applicable):
            fail(f"cell {key!r} names no cell of {', '.join(p.id for p in applicable)}", "cells", i)
    for i, statement in enumerate(check.get("statements", ()) if kind == "unit" else ()):
        if statement["cell"] not in check["cells"]:
            fail(f"statement cell {statement['cell']!r} is not one of the check's cells", "statements", i)
    for item in check.get("synonyms", {}):
        fe_in = (check.get("for_each") or {}).get("in", ())
        if item not in fe_in:
            fail(f"synonyms for {item!r}, which is not one of for_each's items", "synonyms", item)
    for key in [*check.get("sections", ()), *check.get("names", {}),
                *(k for scope in check.get("scopes", {}).values() for k in scope["sections"])]:
        if key not in sections | {"preamble", "document"}:
            fail(f"unknown section {key!r}", "sections")
    for key in check.get("tables", ()):
        if key not in tables:
            fail(f"unknown table {key!r}", "tables")
    fe = check.get("for_each")
    if fe and "table" in fe and fe["table"] not in tables:
        fail(f"unknown table {fe['table']!r}", "for_each", "table")

    patterns: list[tuple[str, tuple]] = []
    patterns += [(p, ("require_any", i)) for i, p in enumerate(check.get("require_any", ()))]
    patterns += [(p, ("forbid_any", i)) for i, p in enumerate(check.get("forbid_any", ()))]
    patterns += [(p, ("synonyms", item, i)) for item, ps in check.get("synonyms", {}).items()
                 for i, p in enumerate(ps)]
    patterns += [(p, ("statements", i, key, j)) for i, s in enumerate(check.get("statements", ()))
                 for key in ("unless", "not_before", "not_after", "not_within")
                 for j, p in enumerate(s.get(key, ()))]
    if "any_part" in check:
        patterns.append((check["any_part"], ("any_part",)))
    if "cell_unit" in check:
        patterns.append((check["cell_unit"], ("cell_unit",)))
    patterns += [(s["pattern"], ("statements", i, "pattern")) for i, s in enumerate(check.get("statements", ()))]
    patterns += [(w["pattern"], ("wordings", i, "pattern")) for i, w in enumerate(check.get("wordings", ()))]
    if "total" in check:
        patterns.append((check["total"], ("total",)))
    for key in ("references", "counts", "lists", "boilerplate"):
        patterns += [(p, (key, i)) for i, p in enumerate(check.get(key, ()))]
    if kind == "year-reference":
        patterns += [(p, ("not_before", i)) for i, p in enumerate(check.get("not_before", ()))]
    patterns += [(p, ("names", key)) for key, p in check.get("names", {}).items()]
    patterns += [(p, ("parts", i)) for i, p in enumerate(check.get("parts", ()))]
    for pattern, sub in patterns:
        try:
            compiled = compile_pattern(pattern.replace("{item}", "x"), safe=not builtin)
            if builtin:  # the built-in packs stay within what RE2 runs, like the user's
                compile_pattern(pattern.replace("{item}", "x"), safe=True)
        except PatternError as exc:
            fail(f"regex does not compile{'' if builtin else ' (RE2 syntax)'}: {exc} "
                 f"in {_short(pattern)!r}", *sub)
        # The number a statement compares: its (?P<n>…) group, unless the statement gives a value.
        stated = sub[0] == "statements" and "value" in check["statements"][sub[1]]
        counted = sub[0] in ("total", "parts") or (
            kind == "text-number" and sub[0] == "statements" and sub[-1] == "pattern")
        if kind in ("text-number", "parts-sum") and counted and not stated \
                and "n" not in compiled.groupindex:
            fail(f"regex needs a (?P<n>…) group for the number (or the statement a value): "
                 f"{_short(pattern)!r}", *sub)
        if sub[0] == "wordings" and not {"y1", "m1", "d1", "m2", "d2"} <= compiled.groupindex.keys():
            fail(f"a period wording needs <START> and <END> (or groups y1 m1 d1 m2 d2): "
                 f"{_short(pattern)!r}", *sub)
        group = {"references": "y", "counts": "n", "lists": "list"}.get(sub[0])
        if group and group not in compiled.groupindex:
            fail(f"regex needs a (?P<{group}>…) group: {_short(pattern)!r}", *sub)
        if kind == "unit" and "unit" not in compiled.groupindex:
            fail(f"regex needs a (?P<unit>…) group for the unit: {_short(pattern)!r}", *sub)
        if kind == "unit" and sub[0] == "statements" and "n" not in compiled.groupindex:
            fail(f"regex needs a (?P<n>…) group for the amount: {_short(pattern)!r}", *sub)

    exprs: list[tuple[str, tuple]] = []
    if "expr" in check:
        exprs.append((check["expr"], ("expr",)))
    exprs += [(s["expr"], ("statements", i, "expr")) for i, s in enumerate(check.get("statements", ()))
              if "expr" in s]
    for text, sub in exprs:
        try:
            expr = parse(text)
        except ExprError as exc:
            fail(f"expression does not parse: {exc.message}: {_short(text)!r}", *sub)
        if kind == "cross-year" and not any(r.startswith("prev.") for r in expr.refs()):
            fail(f"a cross-year expression must read the previous report (prev.…): {_short(text)!r}", *sub)
        for variables in _variable_sets(check, applicable):
            for ref in expr.refs():
                try:
                    concrete = substitute(ref, variables)
                except ExprError as exc:
                    fail(f"{exc.message} in {_short(text)!r}", *sub)
                if kind == "cross-year":
                    # prev.<cell>: the same agency's report of the year before.
                    concrete = concrete.removeprefix("prev.")
                if not any(p.expand(concrete) for p in applicable):
                    fail(f"reference {concrete!r} names no cell of "
                         f"{', '.join(p.id for p in applicable)}", *sub)


def _short(text: str) -> str:
    """A pattern or expression quoted in an error: a hostile one can be kilobytes long."""
    return text if len(text) <= 120 else text[:100] + "…"


def is_builtin(path: str) -> bool:
    """A pack shipped with gxlint (its regexes run on Python's re; the user's run on RE2)."""
    try:
        return Path(path).resolve().parent == rules_dir().resolve()
    except OSError:
        return False


def _for_each_names(check: dict) -> set[str]:
    fe = check.get("for_each")
    return {fe["var"], fe["var"] + "_label"} if fe else set()


def _variable_sets(check: dict, profiles: list) -> list[dict[str, str]]:
    fe = check.get("for_each")
    if not fe:
        return [{}]
    values: set[str] = set()
    for profile in profiles:
        values.update(for_each_values(fe, profile))
    return [{fe["var"]: v} for v in sorted(values)] or [{}]


def for_each_values(fe: dict, profile) -> list[str]:
    """The keys a for_each iterates over in ``profile``."""
    if "in" in fe:
        return list(fe["in"])
    try:
        table = profile.table(fe["table"])
    except KeyError:
        return []
    seen: dict[str, None] = {}
    for block in table.blocks:
        if fe["over"] == "rows":
            seen.update((r.key, None) for r in block.rows if r.key)
        elif fe["over"] == "columns":
            seen.update((c.key.rpartition(".")[2], None) for c in block.columns)
        else:
            seen.update((c.key.rpartition(".")[0], None) for c in block.columns if "." in c.key)
    return list(seen)


# --- loading -------------------------------------------------------------------------------


def load_pack(path: Path) -> list[Rule]:
    """Load and validate one pack (no cache)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(name, None, f"cannot read rule pack: {exc}") from exc
    data, lines = _load_yaml(text, name)
    if data is None:
        raise RuleLoadError(name, None, "empty rule pack")
    _validate(data, lines, name)
    builtin = is_builtin(name)
    rules = []
    for i, raw in enumerate(data["rules"]):
        _check_prefix(raw["id"], builtin, name, lines.get(("rules", i, "id")))
        _check_references(raw, lines, ("rules", i), name)
        rules.append(_rule(raw, f"{name}:{lines.get(('rules', i), 0)}"))
    return rules


BUILTIN_ID = r"GX[0-9]{3}"


def _check_prefix(rule_id: str, builtin: bool, path: str, line: int | None) -> None:
    """The built-in packs use GX###; a team pack its own prefix, so that no future built-in
    rule can take one of its ids."""
    if builtin and not re.fullmatch(BUILTIN_ID, rule_id):
        raise RuleLoadError(path, line, f"rule {rule_id}: a built-in rule's id is GX and three digits")
    if not builtin and rule_id.startswith("GX"):
        raise RuleLoadError(path, line, f"rule {rule_id}: GX ids are gxlint's own; a team pack "
                                        "uses its own prefix (capital letters, then digits: TM101)")


def _rule(raw: dict, source: str) -> Rule:
    return Rule(
        id=raw["id"], name=raw["name"], severity=raw["severity"], summary=raw["summary"],
        description=raw["description"], basis=raw["basis"], message=raw["message"],
        check=raw["check"], examples=raw["examples"], profiles=tuple(raw.get("profiles", ())),
        fixable=bool(raw.get("fixable", False)), source=source,
    )


def pack_files(extra_dirs: list[Path] | None = None) -> list[Path]:
    files = sorted(rules_dir().glob("*.yaml"))
    for d in extra_dirs or []:
        files.extend(sorted(Path(d).glob("*.yaml")))
    return files


class Refused:
    """The verdict of ``verify`` on a set of packs, kept in the cache like the rules."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message


def load_rules(extra_dirs: list[Path] | None = None, use_cache: bool = True,
               verify: Callable[[list[Rule]], None] | None = None, verify_key: str = "") -> list[Rule]:
    """Every rule of the built-in packs and of ``extra_dirs``, in id order.

    Duplicate ids or names across packs are a load error. With ``extra_dirs``, ``verify``
    (lint/ruletest.py: the team rules' own examples) judges the validated rules; it raises
    RuleLoadError to refuse them. The validated rules, with their expressions parsed, or the
    refusal, are kept in the cache folder keyed by every file they come from, the code that
    reads them and ``verify_key``, so a warm run parses no YAML and runs no example."""
    from .resources import EXPRESSION_LOADERS, cached, code_files, digest_of, stamped

    files = pack_files(extra_dirs)
    sources = [*files, rules_dir() / "pack.schema.json", *sorted((rules_dir() / "formats").glob("*.yaml"))]
    for f in sources:
        if not f.is_file():
            raise RuleLoadError(str(f), None, "cannot read rule pack: no such file")
    verify = verify if extra_dirs else None
    try:
        keyed = [*sources, *code_files("rulepack", "expr", "profiles", "scopes")]
        extra = [verify_key] if verify else []
        digest = stamped("packs", keyed, lambda: digest_of(keyed, *extra), *extra)
    except OSError as exc:
        raise RuleLoadError(getattr(exc, "filename", None) or str(files), None,
                            f"cannot read rule pack: {exc}") from exc
    if not use_cache:
        rules = _build(files)
        if verify:
            verify(rules)
        return rules
    if digest in _loaded:  # the command line and the configuration ask for the same packs
        return _outcome(_loaded[digest])
    built: list[list[Rule]] = []  # set when this run validates the packs

    def build() -> list[Rule] | Refused:
        rules = _build(files)
        if verify:
            try:
                verify(rules)
            except RuleLoadError as exc:
                return Refused(exc.path, exc.line, exc.message)
        built.append(rules)
        return rules

    found = cached("rules", digest, build)
    if isinstance(found, Refused):
        _loaded[digest] = found
        return _outcome(found)
    rules = found
    texts = [t for r in rules for t in [r.check.get("expr"), *(s.get("expr") for s in r.check.get("statements", ()))]
             if isinstance(t, str)]
    if built:  # validation parsed them: keep them for the next run
        cached("exprs", digest, lambda: _parsed(texts))
    EXPRESSION_LOADERS.append(lambda: cached("exprs", digest, lambda: _parsed(texts)))
    _loaded[digest] = rules
    return rules


_loaded: dict[str, list[Rule] | Refused] = {}


def _outcome(found: list[Rule] | Refused) -> list[Rule]:
    if isinstance(found, Refused):
        raise RuleLoadError(found.path, found.line, found.message)
    return found


def _parsed(texts: list[str]) -> dict:
    from .expr import parse

    return {t: parse(t) for t in texts}


def _build(files: list[Path]) -> list[Rule]:
    """The validated rules of ``files``."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    for f in files:  # the built-in packs first: a clash is reported in the team's pack
        for rule in load_pack(f):
            path, _, line = rule.source.rpartition(":")
            if rule.id in seen:
                raise RuleLoadError(path, int(line) or None,
                                    f"rule {rule.id} is defined twice (first at {seen[rule.id]})")
            if rule.name in names:
                raise RuleLoadError(path, int(line) or None,
                                    f"rule {rule.id}: the name {rule.name!r} is taken (by {names[rule.name]})")
            seen[rule.id] = rule.source
            names[rule.name] = f"{rule.id} at {rule.source}"
            rules.append(rule)
    rules.sort(key=lambda r: r.id)
    return rules
