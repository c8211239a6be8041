"""Start-up of the command line: whole processes, against ``python -c "import nashpy"``.

Each command runs as a fresh subprocess (the installed ``gametheory`` entry point of the running
interpreter's environment), N times, interleaved with the reference ``import nashpy`` so that
machine load affects all alike; the median wall time of each is printed with its ratio to the
reference. Targets (issue 25): ``solve us_japan_tariffs`` under 0.4 of the reference,
``credibility treasury_card`` under 0.8.

Python's bytecode cache is on for the commands, as in a user's install (a PYTHONDONTWRITEBYTECODE
in the environment would make every run compile the package from source; installed libraries such
as nashpy have theirs written by pip). Pass ``--no-bytecode`` to keep it as the environment has it.

Run: python benchmarks/bench_startup.py [N] [--no-bytecode] [--quick]

``--quick`` (a smoke run) means N = 1.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: (label, arguments of the gametheory command, target ratio or None)
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("gametheory --version", ["--version"], None),
    ("solve us_japan_tariffs", ["solve", "us_japan_tariffs"], 0.4),
    ("solve us_japan_tariffs --json", ["solve", "us_japan_tariffs", "--json"], None),
    ("credibility treasury_card", ["credibility", "treasury_card"], 0.8),
    ("solve treasury_card", ["solve", "treasury_card"], None),
    ("solve game.nfg (3x3)", ["solve", "{nfg}"], None),
]

_NFG = """NFG 1 R "3x3" { "A" "B" } { 3 3 }
3 3 0 5 1 0 5 0 4 4 0 1 2 2 6 0 0 6
"""


def _entry_point() -> str:
    exe = Path(sys.executable).parent / "gametheory"
    if not exe.exists():
        raise SystemExit(f"no gametheory entry point next to {sys.executable}: pip install -e . first")
    return str(exe)


_ENV = dict(os.environ)


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``cmd``."""
    before = os.times()
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_ENV)
    elapsed = time.perf_counter() - t0
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return elapsed, cpu


def main(n: int = 7) -> None:
    exe = _entry_point()
    with tempfile.TemporaryDirectory() as tmp:
        nfg = Path(tmp) / "game.nfg"
        nfg.write_text(_NFG)
        reference = [sys.executable, "-c", "import nashpy"]
        cmds = [[exe, *(a.format(nfg=nfg) for a in args)] for _, args, _ in COMMANDS]
        for cmd in [reference, *cmds]:  # warm the file cache once
            _run(cmd)
        times: list[list[tuple[float, float]]] = [[] for _ in range(len(cmds) + 1)]
        for _ in range(n):
            for k, cmd in enumerate([reference, *cmds]):
                times[k].append(_run(cmd))
    ref = statistics.median(t for t, _ in times[0])
    ref_cpu = statistics.median(c for _, c in times[0])
    print(f"reference: python -c 'import nashpy'  median {ref:.3f} s wall, {ref_cpu:.3f} s CPU over {n} runs")
    print(f"{'command':34s} {'wall s':>7s} {'ratio':>6s} {'CPU s':>7s} {'ratio':>6s} {'target':>7s}")
    for (label, _, target), ts in zip(COMMANDS, times[1:]):
        med = statistics.median(t for t, _ in ts)
        cpu = statistics.median(c for _, c in ts)
        mark = "" if target is None else ("  ok" if med / ref < target else "  MISSED")
        shown = "" if target is None else f"{target:.2f}"
        print(f"{label:34s} {med:7.3f} {med / ref:6.2f} {cpu:7.3f} {cpu / ref_cpu:6.2f} {shown:>7s}{mark}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--no-bytecode" in args:
        args.remove("--no-bytecode")
    else:
        _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    quick = "--quick" in args
    if quick:
        args.remove("--quick")
    main(1 if quick else int(args[0]) if args else 7)
