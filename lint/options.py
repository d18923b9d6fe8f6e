"""What a run asks of the rule engine for one file: selected rules, language, profile, severities.

Below the engine and lint/suppress.py, which both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rulepack import Rule


@dataclass
class Options:
    """Everything a file is linted with (a worker gets it with the path)."""

    select: tuple[str, ...] = ()  # rule ids or prefixes ("GX4"); empty: all
    ignore: tuple[str, ...] = ()
    lang: str = "zh"
    profile: str | None = None  # force a format profile
    deadlines: dict[str, str] = field(default_factory=dict)  # issuer -> "MM-DD"
    severities: dict[str, str] = field(default_factory=dict)  # rule id -> severity
    # Folders of the user's own rule packs, absolute: a worker process loads
    # ``load_rules(extra_dirs=rule_dirs)`` from these, so per-file Options say everything.
    rule_dirs: tuple[str, ...] = ()
    fail_on: str = "error"  # exit 1 when this file has a finding at or above this severity
    cache: str | None = None  # the result cache's folder (lint/cache.py); None: no cache
    # Limits of one file (lint/batch.py): seconds, and MiB of memory over a worker's own.
    timeout: float = 60.0
    memory_limit: int = 1024


def selected(rules: list[Rule], options: Options) -> list[Rule]:
    """The rules that run with ``options``: those --select names (all if none), less those
    --ignore names (by id prefix or name)."""
    def matches(rule: Rule, codes: tuple[str, ...]) -> bool:
        return any(rule.id.startswith(c.upper()) or rule.name == c for c in codes)
    return [r for r in rules
            if (not options.select or matches(r, options.select)) and not matches(r, options.ignore)]
