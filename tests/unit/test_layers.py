"""The layering is checked, not hoped for: the plain-Python layers never load Textual, widgets
never touch storage, and no module of ``tui`` imports itself back through others."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import REPO

PACKAGE = REPO / "tui"
PLAIN_LAYERS = ("core", "sync", "serve", "plain")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every ``tui`` module a file names in an import, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "tui" or name.startswith("tui.")}


@pytest.mark.parametrize("layer", PLAIN_LAYERS)
def test_plain_layers_never_load_textual(layer):
    modules = sorted(module_name(p) for p in (PACKAGE / layer).rglob("*.py"))
    code = (
        f"import importlib, json, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] == 'textual')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [], f"tui/{layer} loaded Textual"


def test_widgets_never_touch_storage():
    """Widgets post messages; the screen or the app asks the core to save."""
    for path in sorted((PACKAGE / "widgets").glob("*.py")):
        touched = {
            name
            for name in imports_of(path)
            if name == "tui.core.storage" or name.startswith("tui.core.storage.")
        }
        assert not touched, f"{path.name} imports storage: {touched}"


def test_the_core_imports_nothing_above_it():
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        above = {name for name in imports_of(path) if not name.startswith("tui.core")}
        assert not above, f"{path.relative_to(REPO)} imports {above}"


MAX_MODULE_LINES = 400


def test_every_module_is_short_enough_to_read_in_one_go():
    """Small modules with one job: past 400 lines a module is holding two (issues 10, 21). A
    size limit is a prompt to find a seam, never a reason to split a class into subclasses."""
    long = {
        str(path.relative_to(REPO)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these by job: {long}"
