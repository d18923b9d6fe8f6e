"""The pre-commit hook as a user's repository runs it: the real ``pre-commit`` installs this
project (its working tree, committed to a throwaway hook repository) into its own virtual
environment from the package index, and a ``git commit`` of a faulty report is refused."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.generate import generate, generate_series, render

ROOT = Path(__file__).resolve().parent.parent


def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


def _env(tmp: Path) -> dict[str, str]:
    # Nothing of the repository pytest runs in may leak into the throwaway ones.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="gxlint test", GIT_AUTHOR_EMAIL="test@example.invalid",
               GIT_COMMITTER_NAME="gxlint test", GIT_COMMITTER_EMAIL="test@example.invalid",
               GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp / "home"), PRE_COMMIT_HOME=str(tmp / "cache"),
               PRE_COMMIT_COLOR="never", PIP_DISABLE_PIP_VERSION_CHECK="1")
    # pip keeps its download cache where the real home has it, so repeated runs are quicker.
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)


def _hook_repository(tmp: Path, env: dict[str, str]) -> tuple[Path, str]:
    """This project's working tree (uncommitted changes included) as a git repository."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    repo = tmp / "gxlint-hook"
    for name in filter(None, listed.split("\0")):
        src = ROOT / name
        if src.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / name)
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "gxlint under test")
    return repo, _git(repo, env, "rev-parse", "HEAD").stdout.strip()


def test_commit_of_a_faulty_report_is_blocked_and_a_clean_one_passes(tmp_path):
    """…and a report whose 上年结转 contradicts last year's committed report is refused (GX701):
    the hook lints only the changed files, and finds last year's among the tracked ones."""
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    hook_repo, rev = _hook_repository(tmp_path, env)

    user = tmp_path / "user"
    (user / "reports").mkdir(parents=True)
    _git(user, env, "init", "-q")
    (user / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: gxlint\n"
        "        files: ^reports/\n", encoding="utf-8")
    # The hook reads the user's configuration: drafts may have table errors.
    (user / ".gxlint.toml").write_text('[per-file-ignores]\n"reports/drafts/" = ["GX4"]\n',
                                       encoding="utf-8")
    # Not a report: the `files:` of the user's configuration keeps it out of the hook.
    (user / "README.md").write_text("# notes\n", encoding="utf-8")
    _git(user, env, "add", "-A")
    subprocess.run([*pre_commit, "install"], cwd=user, env=env, check=True, capture_output=True)

    spec = generate(2)
    spec.values["t3.new.natural"] += 1  # GX401, GX403
    (user / "reports" / "2023.txt").write_text(render(spec, "pipes"), encoding="utf-8")
    (user / "reports" / "drafts").mkdir()
    (user / "reports" / "drafts" / "2024.txt").write_text(render(spec, "tabs"), encoding="utf-8")
    _git(user, env, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-m", "add report"], cwd=user, env=env,
                             capture_output=True, text=True, timeout=600)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "Failed" in output and "reports/2023.txt:" in output and "GX401 错误" in output
    assert "README.md" not in output and "drafts/2024.txt" not in output
    assert _git(user, env, "rev-list", "--all").stdout == ""  # nothing was committed

    (user / "reports" / "2023.txt").write_text(render(generate(2), "pipes"), encoding="utf-8")
    _git(user, env, "add", "-A")
    passed = subprocess.run(["git", "commit", "-m", "add report"], cwd=user, env=env,
                            capture_output=True, text=True, timeout=600)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "gxlint" in output and "Passed" in output
    assert "reports/drafts/2024.txt" in _git(user, env, "ls-files").stdout

    last, this = generate_series(21, years=2, first_year=2022)
    for row in ("carried_over", "disclosed", "total"):  # this year still balances on its own
        this.values[f"t3.{row}.natural"] += 3
        this.values[f"t3.{row}.total"] += 3
    (user / "reports" / "agency").mkdir()
    (user / "reports" / "agency" / "2022.txt").write_text(render(last, "tabs"), encoding="utf-8")
    _git(user, env, "add", "-A")
    _git(user, env, "commit", "-q", "-m", "last year's report")
    (user / "reports" / "agency" / "2023.txt").write_text(render(this, "pipes"), encoding="utf-8")
    _git(user, env, "add", "-A")
    crossed = subprocess.run(["git", "commit", "-m", "this year's report"], cwd=user, env=env,
                             capture_output=True, text=True, timeout=600)
    output = crossed.stdout + crossed.stderr
    assert crossed.returncode != 0, output
    assert "reports/agency/2023.txt:" in output and "GX701 错误" in output
    assert "reports/agency/2022.txt" in output  # named as last year's report, not linted
    assert "reports/agency/2022.txt:" not in output
    assert "2023.txt" not in _git(user, env, "ls-tree", "-r", "--name-only", "HEAD", "reports/agency").stdout


def _readme_config(marker: str) -> str:
    """The README's .pre-commit-config.yaml block holding ``marker``, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.removeprefix("yaml\n") for b in text.split("```")[1::2] if b.startswith("yaml\n")]
    return next(b for b in blocks if "# .pre-commit-config.yaml" in b and marker in b)


def test_the_readmes_local_hook_works_as_written(tmp_path):
    """The README's `repo: local` hook, copied verbatim, runs the installed gxlint."""
    pre_commit = _pre_commit()
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    # The gxlint this suite runs is the one "installed where you commit from".
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    user = tmp_path / "user"
    (user / "reports").mkdir(parents=True)
    _git(user, env, "init", "-q")
    (user / ".pre-commit-config.yaml").write_text(_readme_config("repo: local"), encoding="utf-8")
    (user / "README.md").write_text("# notes\n", encoding="utf-8")
    subprocess.run([*pre_commit, "install"], cwd=user, env=env, check=True, capture_output=True)
    shutil.copy(ROOT / "fixtures" / "gen-example-faults.txt", user / "reports" / "2023.txt")
    _git(user, env, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-m", "add report"], cwd=user, env=env,
                             capture_output=True, text=True, timeout=600)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0 and "reports/2023.txt:53:19: GX401" in output, output
    assert _git(user, env, "rev-list", "--all").stdout == ""
    shutil.copy(ROOT / "fixtures" / "gen-tabs-1.txt", user / "reports" / "2023.txt")
    _git(user, env, "add", "-A")
    passed = subprocess.run(["git", "commit", "-m", "add report"], cwd=user, env=env,
                            capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0 and "Passed" in passed.stdout + passed.stderr


def test_the_readmes_remote_hook_says_what_to_fill_in():
    config = _readme_config("rev:")
    rev = next(line for line in config.splitlines() if line.strip().startswith("rev:"))
    assert "fill in" in rev and "v0.1.0" not in config
    assert "fill in" in next(line for line in config.splitlines() if "repo:" in line)
