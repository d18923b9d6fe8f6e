from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The suite's runs of gxlint (in this process and in subprocesses) keep their result cache and
# compiled rules in a folder of their own, never the user's.
os.environ.setdefault("GXLINT_CACHE_DIR", tempfile.mkdtemp(prefix="gxlint-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "fixtures"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.fixture
def seeds() -> list[Path]:
    files = seed_files()
    if not files:
        pytest.skip("../shared/seeds is not here (a user's clone): real reports are not tested")
    return files


def assert_refused(path: Path, content: bytes, reason: str) -> None:
    """Writing ``content`` to ``path`` makes a file the adapters refuse, naming it and ``reason``."""
    from lint.adapters import InputError, read_source

    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_source(path)
    assert reason in str(info.value) and str(path) in str(info.value)


def assert_binds_spec(source, spec):
    """The text form of a file written from ``spec`` binds exactly the generator's values,
    profile, agency and year; returns the bound report."""
    from lint.pipeline import parse_text

    assert len(source.origins) == source.text.count("\n")  # every line points back
    report = parse_text(source.text, source.path)
    assert report.profile == spec.profile and report.missing == []
    assert {k: c.value for k, c in report.cells.items()} == spec.values
    assert report.document.agency == spec.agency and report.document.year == spec.year
    return report
