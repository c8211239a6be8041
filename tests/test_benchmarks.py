"""Every benchmark script runs, in its quick mode, from a plain checkout with the test extra installed.

The benchmarks compare us with pygambit, nashpy, QuantEcon and axelrod, whose APIs move (pygambit 17
replaced most of 16's); a script that no longer runs is a figure in the README nobody can reproduce.
Each script runs as a subprocess, as a user runs it, and must exit 0 and print the line that carries
its ratio (or, for the cross-check, its summary). No timings are checked: the machine may be loaded.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"

#: script -> (arguments of its quick mode, pattern of the line that must be printed)
QUICK = {
    "bench_nplayer.py": (["--quick"], r"^geometric mean ratio: \d"),
    "bench_path_following.py": (["--quick"], r"^geometric mean ratio: \d"),
    "bench_reduced_normal_form.py": (["--quick"], r"^\d+ trees: median ratio \d"),
    "bench_robustness.py": (["--quick"], r"ratio, same \d+ draws: \d+x wall-clock"),
    "bench_startup.py": (["--quick"], r"^solve us_japan_tariffs +\d+\.\d+ +\d+\.\d+"),
    "bench_sweep.py": (["--quick"], r"pygambit enummixed loop: .*-> ratio [\d,]+x"),
    "bench_tournament.py": (["--quick"], r"^ratio \(axelrod / gametheory\) +: +\d"),
    "bench_trees.py": (["--quick"], r"^ratio recursive / kernel +: +\d"),
    "bench_two_player.py": (["--quick"], r"^6x6: median \d+\.\d+x .* faster than pygambit"),
    "crosscheck_nplayer.py": (["--quick"], r"^2 games; .*missed or incomplete on our side: 0$"),
}


def test_every_script_is_listed() -> None:
    """A new benchmark must be added to :data:`QUICK` (and so get a quick mode)."""
    scripts = {p.name for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_")} - {"pygambit_compat.py"}
    assert scripts == set(QUICK)


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(QUICK))
def test_quick_mode_runs(script: str) -> None:
    args, pattern = QUICK[script]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # as from a plain checkout
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{script} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    assert re.search(pattern, done.stdout, re.MULTILINE), f"{script} printed no ratio line:\n{done.stdout}"
