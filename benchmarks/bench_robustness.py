"""Verdicts under uncertainty: the vectorised robustness analysis against the naive loop, one core.

    python benchmarks/bench_robustness.py [MODEL] [--samples 10000] [--naive 1000] [--seed 1] [--quick]

MODEL is a bundled model name or a model file with parameter distributions
(default: the bundled ``treasury_card`` when it has distributions, else the
frozen copy with distributions that the tests use,
``tests/sensitivity/data/treasury_card_uncertain.toml``).

1. ``gametheory.sensitivity.robustness(model, samples=N)`` end to end (the
   expressions compiled, every draw's payoffs evaluated as arrays, vectorised
   backward induction and credibility), once with the Sobol' indices (the
   Saltelli design solves ``N (d + 2)`` draws) and once without (``N`` draws).
2. The naive loop: for each draw, ``model.build(**values)`` and
   ``gametheory.extensive.credibility.credibility`` (a tree; ``gametheory.solve``
   for a normal-form game), through :func:`gametheory.sensitivity._robustness.solve_draw`,
   on the first ``--naive`` draws of the same design, its time extrapolated
   linearly to ``N`` draws. Its outcomes and verdicts are checked against the
   fast path's on those draws.

The ratio printed is (naive loop's time for N draws) / (fast time for the same
N draws without indices); the second ratio counts every draw the indices need.
Thread pools are limited to one thread before numpy loads (one core).
``--quick`` (a smoke run of a few seconds) means ``--samples 256 --naive 20``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "sensitivity" / "data" / "treasury_card_uncertain.toml"


def _load(spec: str | None):  # type: ignore[no-untyped-def]
    import gametheory
    import gametheory.models as models

    if spec is not None:
        return gametheory.load_model(spec) if Path(spec).suffix == ".toml" else models.load(spec)
    m = models.load("treasury_card")
    if any(p.distribution is not None for p in m.parameters):
        return m
    print(f"(the bundled treasury_card has no distributions: using {FIXTURE.relative_to(FIXTURE.parents[3])})")
    return gametheory.load_model(FIXTURE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default=None)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--naive", type=int, default=1000, help="draws solved by the naive loop")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="smoke run: --samples 256 --naive 20")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.naive = 256, 20

    from gametheory.sensitivity import robustness
    from gametheory.sensitivity._robustness import solve_draw

    model = _load(args.model)
    N = args.samples
    robustness(model, samples=16, seed=0)          # imports (scipy.stats, sympy printing) out of the timings
    t, c = time.perf_counter(), time.process_time()
    full = robustness(model, samples=N, seed=args.seed)
    t_full, c_full = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    res = robustness(model, samples=N, seed=args.seed, drivers=False)
    t_fast, c_fast = time.perf_counter() - t, time.process_time() - c
    d = len(res.uncertain)
    print(f"{model.name}: {d} uncertain parameters, {N} draws ({res.feasible} feasible); wall-clock (CPU) seconds")
    print(f"  fast, with Sobol' indices ({full.evaluations} draws solved): {t_full:.3f} s ({c_full:.3f} s)")
    print(f"  fast, probabilities only ({res.evaluations} draws solved):     {t_fast:.3f} s ({c_fast:.3f} s)")

    names = list(res.uncertain)
    k = min(args.naive, N)
    rows = {(v.node, v.action): r for r, v in enumerate(res.verdicts)}
    mismatches = 0
    t, c = time.perf_counter(), time.process_time()
    refs = [solve_draw(model, dict(zip(names, map(float, row)))) for row in res.draws[:k]]
    t_naive, c_naive = time.perf_counter() - t, time.process_time() - c
    for s, ref in enumerate(refs):
        idx = res.outcome_index[s]
        if ref is None or idx < 0:
            mismatches += (ref is None) != (idx < 0)
            continue
        mismatches += res.outcomes[idx].label != ref["outcome"]
        mismatches += sum(bool(res.credible[rows[p], s]) != c for p, c in ref["credible"].items())
    per_draw = t_naive / k
    naive_total = per_draw * N
    cpu_total = c_naive / k * N
    print(f"  naive loop (build + credibility per draw): {per_draw * 1e3:.2f} ms ({c_naive / k * 1e3:.2f} ms CPU) "
          f"per draw on {k} draws, {naive_total:.1f} s ({cpu_total:.1f} s) for {N} (extrapolated)")
    print(f"  ratio, same {N} draws: {naive_total / t_fast:.0f}x wall-clock, {cpu_total / c_fast:.0f}x CPU; "
          f"per draw solved, with the indices' design: {per_draw * full.evaluations / t_full:.0f}x, "
          f"{c_naive / k * full.evaluations / c_full:.0f}x CPU")
    print(f"  agreement on {k} draws: {'exact' if mismatches == 0 else f'{mismatches} MISMATCHES'}")
    print(f"  outcomes: " + "; ".join(f"{o.label} {o.probability:.1%}" for o in res.outcomes))
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
