"""The locks hold every direct dependency at the version requirements*.txt
pins, so that `make run`, `make test` and CI install what README names."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.MULTILINE)


def pins(path):
    return {
        name.lower().replace("_", "-"): version
        for name, version in PIN.findall((ROOT / path).read_text())
    }


@pytest.mark.parametrize(
    ("direct", "lock"),
    [
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
        ("requirements.txt", "requirements-dev.lock"),
    ],
)
def test_every_direct_pin_is_locked_at_its_version(direct, lock):
    locked = pins(lock)
    for name, version in pins(direct).items():
        assert locked.get(name) == version, f"{name}=={version} not in {lock}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(lock):
    text = (ROOT / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 6)[-1])
    for entry in entries:
        if PIN.match(entry):
            assert "--hash=sha256:" in entry, entry.splitlines()[0]
