"""The vendored axe-core is the one package.json pins."""

import json

from tests.browser.support import AXE, ROOT


def test_vendored_axe_is_the_version_package_json_pins():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"]["axe-core"]
    with AXE.open(encoding="utf-8") as axe:
        assert axe.readline().strip() == f"/*! axe v{pinned}"
