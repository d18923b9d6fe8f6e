"""Results settled one file at a time, so that output can be written as files complete.

A file's own findings are final as soon as the file is linted: :class:`Settler` applies the
suppression comments and the baseline to them at once (lint/suppress.py) and the result can
be written and dropped. Cross-year findings (GX7xx) are not: whether a report pairs with last
year's depends on every report of the run (two reports claiming one agency and year pair with
nothing), so the settler keeps only each report's compact :class:`~lint.crossyear.YearFacts`
and, after the last file, pairs them and settles the cross-year findings in input order.

What a cross-year finding could change is held back with it: a comment that names a
cross-year rule is reported unused (GX902) only after pairing, and baseline entries of
cross-year rules are reported stale (GX903) only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .cache import cross_year_findings
from .crossyear import PackedFacts, YearFacts, check_pair, cross_year_rules, pair
from .findings import FileResult, Finding
from .options import Options
from .rulepack import Rule
from .suppress import Baseline, Directive, _matches, apply


class Settler:
    """Settles results as they come (:meth:`file`) and the cross-year part at the end
    (:meth:`cross_year`).

    ``active``: the rules that ran on some file (the run's catalogue for suppression rules);
    ``known``: every rule a comment may name; ``rules_of(options)``: the rules that run on a
    file; ``explicit``: path -> the previous year's facts given with --previous; ``history``:
    called with the reports left unpaired, returns path -> last year's facts found elsewhere
    (lint/history.py)."""

    def __init__(self, active: list[Rule], known: list[Rule], options_of: Callable[[str], Options],
                 rules_of: Callable[[Options], list[Rule]], run_options: Options,
                 baseline: Baseline | None = None,
                 explicit: dict[str, YearFacts] | None = None,
                 history: Callable[[list], dict[str, YearFacts]] | None = None) -> None:
        self.active, self.known, self.options_of, self.rules_of = active, known, options_of, rules_of
        self.run_options, self.baseline = run_options, baseline
        self.explicit = explicit or {}
        self.history = history  # last year's reports for those with none in the run
        self.cross_ids = frozenset(r.id for r in cross_year_rules(known))
        self._per_file = [r for r in active if r.id not in self.cross_ids]
        self._own = [r for r in active if r.kind == "suppression"]
        self._store = _Spill()  # the packed facts' bytes, out of the way until pairing
        self._facts: list[PackedFacts] = []  # every report that may pair, as this or last year
        self._pending: list[PackedFacts] = []  # reports that may have cross-year findings, in order
        self._held: dict[str, list[Directive]] = {}  # their comments that name a cross-year rule
        self._cross_rules: dict[int, list[Rule]] = {}

    def _cross_rules_of(self, options: Options) -> list[Rule]:
        got = self._cross_rules.get(id(options))
        if got is None:
            got = self._cross_rules[id(options)] = cross_year_rules(self.rules_of(options))
        return got

    def file(self, result: FileResult) -> FileResult:
        """``result`` with its own findings settled; its facts are kept (packed) for pairing
        and dropped from it."""
        facts, result.facts = result.facts, None
        pairable = False
        packed = None
        if result.error is None and facts is not None:
            known = bool(facts.agency_key and facts.year is not None)
            if known or result.path in self.explicit:
                packed = facts.pack()
                packed.data = self._store.put(packed.data)
            if known:
                self._facts.append(packed)
            cross = self._cross_rules_of(self.options_of(result.path))
            pairable = bool(cross) and packed is not None
        apply([result], self._per_file if pairable else self.active, self.run_options,
              self.baseline, self.known)
        if pairable:
            names = [r for r in self.known if r.id in self.cross_ids]
            later = [d for d in result.directives if d.valid and d.kind != "enable"
                     and any(_matches(c, r.id, r.name) for c in d.codes for r in names)]
            if later:
                self._held[result.path] = later
            packed.had_findings = bool(result.findings)
            self._pending.append(packed)
        result.directives = []
        return result

    def cross_year(self) -> Iterator[tuple[FileResult, bool]]:
        """After the last file: each paired report's cross-year part (its findings, the
        comments and baseline entries held back for them), in input order, with whether the
        report's own part had findings. Reports with nothing to add are skipped."""
        pairs: dict = pair(self._facts)
        pairs.update(self.explicit)
        if self.history is not None:
            unpaired = [p for p in self._pending if p.path not in pairs]
            if unpaired:
                pairs.update(self.history(unpaired))
        self._facts = []
        own = self._own
        for packed in self._pending:
            path = packed.path
            prev = pairs.get(path)
            options = self.options_of(path)
            cross = self._cross_rules_of(options)
            found: list[Finding] = []
            if prev is not None:
                if isinstance(prev, PackedFacts):
                    prev = self._unpack(prev)
                found = cross_year_findings(self._unpack(packed), prev, cross, options,
                                            check_pair)
            part = FileResult(path, findings=found, directives=self._held.pop(path, []),
                              previous=prev.path if prev is not None else None)
            apply([part], [*cross, *own], self.run_options, self.baseline, self.known,
                  ran_on_file={r.id for r in self.rules_of(options)})
            if part.previous or part.findings or part.suppressed or part.stale:
                yield part, packed.had_findings
        self._pending = []
        self._store.close()

    def _unpack(self, packed: PackedFacts) -> YearFacts:
        facts = PackedFacts(packed.path, packed.agency_key, packed.year, self._store.get(packed.data))
        return facts.unpack()


class _Spill:
    """Bytes each known by one int (offset and size), so that what a batch keeps per report
    until pairing is a few dozen bytes of memory: in memory up to ``MEMORY`` bytes (a run of
    several hundred reports, as they are), past that in an unnamed temporary file, each piece
    compressed against the first one (reports' facts repeat their keys and wordings: a
    national batch's facts take a third of the disk)."""

    SIZE_BITS = 32
    MEMORY = 4 << 20

    def __init__(self) -> None:
        import io

        self.fh = io.BytesIO()
        self.spilled = False
        self.end = 0
        self.packed_from = -1  # offset from which pieces are compressed (-1: none is)
        self.zdict = b""

    def put(self, data: bytes) -> int:
        if not self.zdict:
            self.zdict = data[:32768]  # zlib looks back 32 KB at most
        if not self.spilled and self.end + len(data) > self.MEMORY:
            import tempfile

            spill = tempfile.TemporaryFile(prefix="gxlint-facts-")
            spill.write(self.fh.getbuffer()[:self.end])
            self.fh, self.spilled, self.packed_from = spill, True, self.end
        if self.spilled:
            import zlib

            packer = zlib.compressobj(6, zdict=self.zdict)
            data = packer.compress(data) + packer.flush()
        self.fh.seek(self.end)
        self.fh.write(data)
        where = self.end << self.SIZE_BITS | len(data)
        self.end += len(data)
        return where

    def get(self, where: int) -> bytes:
        offset = where >> self.SIZE_BITS
        self.fh.seek(offset)
        data = self.fh.read(where & ((1 << self.SIZE_BITS) - 1))
        if 0 <= self.packed_from <= offset:
            import zlib

            unpacker = zlib.decompressobj(zdict=self.zdict)
            data = unpacker.decompress(data) + unpacker.flush()
        return data

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class Sink:
    """Where output goes: standard output, flushed after each file so that a reader sees it
    as files complete, or ``path``, written to a temporary file in its folder and renamed
    over it at the end (a reader never sees half a file; a failed run leaves the old one);
    a device or FIFO is written to directly."""

    def __init__(self, path: str | None = None, color: bool = False) -> None:
        import os

        self.path, self.color = path, color
        self.parts: list[str] = []
        self.written = False
        self.tmp: str | None = None
        self.fh = None
        if path is not None:
            from .safefile import not_a_regular_file

            if not_a_regular_file(path):  # -o /dev/null, a FIFO: written to, not replaced
                self.fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
                return
            import tempfile  # only for -o: a cache hit on standard output needs none

            fd, self.tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                                            prefix=f".{os.path.basename(path)}.", suffix=".gxlint-tmp")
            self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        if not self.parts:
            return
        text = "".join(self.parts)
        self.parts.clear()
        self.written = True
        if self.fh is not None:
            self.fh.write(text)
        else:
            import click

            click.echo(text, nl=False, color=True if self.color else None)

    def close(self, blank: bool = True) -> None:
        """Finish the output; ``blank``: an empty output is one empty line (as `echo ""`)."""
        import os

        if blank and not self.written and not self.parts:
            self.parts.append("\n")
        self.flush()
        if self.fh is not None and self.tmp is None:  # a device or FIFO
            self.fh.close()
            self.fh = None
        elif self.fh is not None:
            umask = os.umask(0)
            os.umask(umask)
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            self.fh = None
            os.chmod(self.tmp, 0o666 & ~umask)
            os.replace(self.tmp, self.path)
            self.tmp = None

    def discard(self) -> None:
        """Remove the temporary file of an output that was not finished."""
        import os

        if self.fh is not None:
            self.fh.close()
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None
