"""gxlint --dask: the per-file work on a Dask cluster (here a LocalCluster of two worker
processes) gives output byte-identical to -j 1 and -j 2, cross-year pairing included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from tests.generate import generate_corpus, render

distributed = pytest.importorskip("distributed")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=40) as local:
        yield local.scheduler_address


def test_dask_output_is_byte_identical_to_one_job(tmp_path: Path, cluster: str) -> None:
    specs = generate_corpus(12, years=3, seed=5)
    specs[4].values["t3.carried_over.natural"] += 2  # a cross-year finding, paired in the client
    specs[4].restate()
    for i, spec in enumerate(specs):
        (tmp_path / f"r{i:02d}.txt").write_text(render(spec, "tabs"), encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00" * 64)
    old = os.getcwd()
    os.chdir(tmp_path)  # relative paths, as a user types them
    try:
        for fmt in ("text", "json", "sarif"):
            local = run("--no-cache", "-j", "1", "--format", fmt, ".")
            remote = run("--no-cache", "--dask", cluster, "--format", fmt, ".")
            assert remote == local
            assert run("--no-cache", "-j", "2", "--format", fmt, ".") == local
        assert "GX701" in local[1] or "GX701" in run("--no-cache", "-j", "1", ".")[1]
    finally:
        os.chdir(old)


def test_similar_runs_on_dask_as_on_one_job(tmp_path: Path, cluster: str) -> None:
    import copy

    specs = generate_corpus(4, years=2, seed=8)
    planted = copy.deepcopy(specs[0])
    planted.agency = "雁鹤县审计局"  # another agency's copy of the first report
    for i, spec in enumerate([*specs, planted]):
        (tmp_path / f"r{i:02d}.txt").write_text(render(spec, "tabs"), encoding="utf-8")
    local = run("--no-cache", "-j", "1", "--similar", "--format", "json", str(tmp_path))
    remote = run("--no-cache", "--dask", cluster, "--similar", "--format", "json", str(tmp_path))
    assert remote == local and '"count": 1' in local[1] and "r08.txt" in local[1]


def test_no_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(render(generate_corpus(1, years=1)[0], "tabs"), encoding="utf-8")
    code, _ = run("--dask", "tcp://127.0.0.1:9", str(report))
    assert code == 2
