"""The lock files pin, with hashes, exactly what pyproject.toml declares (`make lock` keeps them in step).

`make test-install` (scripts/check-install.sh) proves the other half: `pip install .` in a clean venv works.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def locked(name):
    """{package: version} of a lock file, and the packages pinned without a hash."""
    pins, unhashed = {}, []
    lines = (ROOT / "requirements" / name).read_text().splitlines()
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            package = canonicalize_name(match[1])
            pins[package] = match[2]
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if "--hash=sha256:" not in line + following:
                unhashed.append(package)
    return pins, unhashed


def declared(extra=None):
    requirements = PYPROJECT["project"]["dependencies"]
    if extra:
        requirements = requirements + PYPROJECT["project"]["optional-dependencies"][extra]
    return [Requirement(text) for text in requirements]


@pytest.mark.parametrize(("lock_file", "extra"), [("lock.txt", None), ("lock-dev.txt", "dev")])
def test_lock_pins_every_declared_dependency_within_its_range(lock_file, extra):
    pins, unhashed = locked(lock_file)
    assert not unhashed, f"pinned without a hash in {lock_file}: {unhashed}"
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is declared in pyproject.toml but not in {lock_file}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock_file} pins {name}=={pins[name]}, outside pyproject.toml's {requirement}: run `make lock`"
        )


def test_runtime_lock_and_dev_lock_agree_on_shared_packages():
    runtime, _ = locked("lock.txt")
    dev, _ = locked("lock-dev.txt")
    differing = {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version}
    assert not differing, f"run `make lock`: {differing}"


def test_dev_tools_stay_out_of_the_runtime_lock():
    runtime, _ = locked("lock.txt")
    assert {"pytest", "ruff", "playwright"}.isdisjoint(runtime)
