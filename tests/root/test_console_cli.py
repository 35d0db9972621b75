"""`praxis console` and `praxis demo` as a newcomer runs them: real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def praxis(*args: str, cwd: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRAXIS_DATABASE_URL": database_url, "USER": "tester"}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "bot.root.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def run(tmp_path: Path, database_url: str):
    def runner(*args: str) -> subprocess.CompletedProcess[str]:
        return praxis(*args, cwd=tmp_path, database_url=database_url)

    return runner


def test_whoami_prints_role_and_time_zone(run) -> None:
    done = run("console", "-c", "/praxis whoami", "--user", "ana")
    assert done.returncode == 0, done.stderr
    assert "Role       admin" in done.stdout
    assert "Time zone" in done.stdout and "UTC" in done.stdout


def test_a_members_role_grant_is_refused_and_changes_nothing(run) -> None:
    assert run("console", "-c", "/praxis whoami", "--user", "ana").returncode == 0
    refused = run("console", "-c", "/praxis role grant @ben admin", "--user", "ben")
    assert refused.returncode == 1
    assert "Only admins" in refused.stdout
    after = run("console", "-c", "/praxis whoami", "--user", "ben")
    assert "Role       member" in after.stdout


def test_exit_status_two_for_a_wrong_command_line(run) -> None:
    done = run("console", "--role", "wizard", "-c", "/praxis whoami")
    assert done.returncode == 2


def test_role_option_acts_as_that_role(run) -> None:
    run("console", "-c", "/praxis whoami", "--user", "ana")
    done = run("console", "-c", "/praxis whoami", "--user", "ben", "--role", "facilitator")
    assert "Role       facilitator" in done.stdout


def test_demo_twice_duplicates_nothing_and_help_answers(run) -> None:
    first = run("demo")
    assert first.returncode == 0, first.stderr
    second = run("demo")
    assert second.returncode == 0, second.stderr
    assert first.stdout == second.stdout
    helped = run("console", "-c", "/praxis help", "--user", "ana")
    assert helped.returncode == 0
    assert "/praxis" in helped.stdout
    whoami = run("console", "-c", "/praxis whoami", "--user", "ana")
    assert "Riverside Unified" in whoami.stdout and "admin" in whoami.stdout
    assert "Ana Torres" in whoami.stdout
    # A new person in the demo community is a member, not an admin.
    newcomer = run("console", "-c", "/praxis whoami", "--user", "newbie")
    assert "Role       member" in newcomer.stdout


def test_logs_go_to_stderr_not_stdout(run) -> None:
    done = run("console", "-c", "/praxis nonsense", "--user", "ana")
    assert done.returncode == 1
    assert "INFO" not in done.stdout and "Traceback" not in done.stdout
