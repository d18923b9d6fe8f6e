"""``gxlint --similar``: reports of different agencies whose prose is near-identical (one
copied from the other), found in one run over a whole corpus.

Each report's sampled shingles (lint/shingles.py, gathered in the per-file pass — worker
processes or Dask workers) become a MinHash signature; locality-sensitive hashing
(``datasketch.MinHashLSH``) proposes candidate pairs without comparing every pair, so the
work grows with the number of reports, not its square. Each candidate is then measured
exactly on the samples: the share of the smaller report's prose found in the other. Reports
of the same agency (its reports of other years) are not pairs: GX703 compares those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

NUM_PERM = 128
LSH_THRESHOLD = 0.6  # Jaccard at which LSH proposes a candidate (a copy of 80 % and more is above)
MIN_SHARE = 0.8  # share of the smaller report's prose found in the other: a copy
MIN_SHINGLES = 40  # sampled shingles: less prose than this is not compared


@dataclass
class Pair:
    first: str
    second: str
    share: float
    passage: str  # the longest shared passage, as the first report words it
    first_line: int
    second_line: int


def find_pairs(facts: list, min_share: float = MIN_SHARE) -> list[Pair]:
    """Pairs of reports of different agencies whose prose is near-identical, most similar first."""
    from datasketch import MinHash, MinHashLSH

    from .shingles import longest_run, unpack

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    first = MinHash(num_perm=NUM_PERM)
    # The permutations drawn once (seed 1) and shared by every signature; datasketch 2 also
    # wants the scheme they belong to, which 1.x has no argument for.
    shared = {"permutations": first.permutations, **({"scheme": first.scheme} if hasattr(first, "scheme") else {})}
    kept = []
    for i, f in enumerate(facts):
        packed = (f.prose or {}).get("sh", {}).get("document")
        if not packed:
            continue
        sample = unpack(packed)
        if len(sample) < MIN_SHINGLES:
            continue
        m = MinHash(num_perm=NUM_PERM, hashfunc=int, **shared)  # the samples are hashes already
        m.update_batch(sample)
        lsh.insert(i, m)
        kept.append((i, m, sample))
    pairs = []
    for i, m, sample in kept:
        for j in lsh.query(m):
            if j <= i or facts[i].agency_key == facts[j].agency_key and facts[i].agency_key:
                continue
            other = unpack(facts[j].prose["sh"]["document"])
            small, large = (sample, other) if len(sample) <= len(other) else (other, sample)
            big = set(large)
            share = sum(1 for h in small if h in big) / len(small)
            if share < min_share:
                continue
            run = longest_run(facts[i].prose["sent"], facts[j].prose["sent"])
            first, _, chars, theirs = run if run else ((0, 0, 0, 0, ""), None, 0, (0, 0))
            pairs.append(Pair(facts[i].path, facts[j].path, share, first[4], first[1], theirs[1]))
    pairs.sort(key=lambda p: (-p.share, p.first, p.second))
    return pairs


def render(pairs: list[Pair], fmt: str, lang: str, unreadable: list[tuple[str, str]] = ()) -> str:
    """The pairs as text, JSON (docs/gxlint-similar.schema.json) or an HTML page; files that
    could not be read are listed too (path, reason)."""
    if fmt == "json":
        return json.dumps({"pairs": [{"first": p.first, "second": p.second, "share": round(p.share, 3),
                                      "passage": p.passage, "first_line": p.first_line,
                                      "second_line": p.second_line} for p in pairs],
                           "count": len(pairs),
                           "unreadable": [{"path": path, "error": error} for path, error in unreadable]},
                          ensure_ascii=False, indent=2)
    zh = lang == "zh"
    if fmt == "html":
        return _html(pairs, zh)
    lines = [f"{path}: error: {error}" for path, error in unreadable]
    for p in pairs:
        if zh:
            lines.append(f"{p.first} ≈ {p.second}：{p.share:.0%}的文字相同，如第{p.first_line}行"
                         f"“{p.passage}……”（另一份第{p.second_line}行）")
        else:
            lines.append(f"{p.first} ≈ {p.second}: {p.share:.0%} of the prose alike, e.g. line "
                         f"{p.first_line} “{p.passage}…” (line {p.second_line} of the other)")
    lines.append(f"共{len(pairs)}对文字几乎相同的报告" if zh else
                 f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} of near-identical reports")
    return "\n".join(lines)


def _html(pairs: list[Pair], zh: bool) -> str:
    """A page of its own: one table row per pair (every value escaped)."""
    from html import escape

    head = ("报告", "另一份报告", "相同文字", "示例段落") if zh else ("report", "other report", "alike", "passage")
    rows = "".join(
        f"<tr><td>{escape(p.first)}:{p.first_line}</td><td>{escape(p.second)}:{p.second_line}</td>"
        f"<td>{p.share:.0%}</td><td>{escape(p.passage)}…</td></tr>" for p in pairs)
    title = "文字几乎相同的报告" if zh else "Near-identical reports"
    return (f'<!DOCTYPE html><html lang="{"zh" if zh else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><h1>{title}（{len(pairs)}）</h1><table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + f"</tr></thead><tbody>{rows}</tbody></table></body></html>")
