"""Doctests of the folders mapped into the namespace (cli/ and models/).

pytest's --doctest-modules cannot collect them (they are installed as gametheory.cli and
gametheory.models), so each module is imported by its installed name and its doctests run here.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from tests.conftest import REPO

MODULES = [
    f"gametheory.{folder}.{path.stem}" if path.stem != "__init__" else f"gametheory.{folder}"
    for folder in ("cli", "models")
    for path in sorted((REPO / folder).glob("*.py"))
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_mapped_modules_are_not_top_level(tmp_path: Path) -> None:
    """Research code with its own models.py or cli.py must not be shadowed by ours."""
    import subprocess
    import sys

    code = "import importlib.util as u; print(u.find_spec('models'), u.find_spec('cli'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "None"]
