"""Under CI=true a missing browser or axe-core fails the run; elsewhere the tests that need them skip."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "test, missing, reason",
    [
        (
            "tests/browser/test_journeys.py::test_revoked_link_stops_working",
            {"PUSULA_PLAYWRIGHT_CHROMIUM": "/nonexistent/chromium"},
            "Chromium not found",
        ),
        (
            "tests/browser/test_journeys.py::test_pages_have_no_serious_accessibility_violations",
            {"PUSULA_AXE": "/nonexistent/axe.min.js"},
            "axe-core not found",
        ),
    ],  # fmt: skip
    ids=["chromium", "axe-core"],
)
@pytest.mark.parametrize("ci", ["true", ""])
def test_a_missing_tool_fails_under_ci_and_skips_elsewhere(test, missing, reason, ci):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(missing, CI=ci)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "--nomigrations", test],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if ci:
        assert result.returncode == 1, result.stdout[-2000:]
        assert "under CI=true it is required" in result.stdout and reason in result.stdout
    else:
        assert result.returncode == 0, result.stdout[-2000:]
        assert "1 skipped" in result.stdout and reason in result.stdout
