"""Supports in which three or more players mix: polynomial systems solved numerically, all supports of
one shape at once.

Closed forms for three players over two strategies each (:mod:`._binary3`), linear pencils for three
mixers one of whom has two strategies (:mod:`._pencil3`), plane curves met by a resultant
(:mod:`._plane3`), and a multihomogeneous homotopy for the rest (:mod:`._homotopy`), with the checks that
decide when a support is completely solved (see :mod:`.nplayer`, steps 3 and 4).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from ._exact_values import exact_profile, report_numeric, symbolic_profile
from ._support_arrays import (
    float_regret,
    float_regret_batch,
    full_profile,
    full_profiles_batch,
    permute_tensors,
    point_probabilities,
    real_nonnegative,
    support_tensors,
)

#: First tracking pass: loose corrector tolerance and long steps. Safe because a support is trusted only
#: when its paths end at as many distinct regular solutions as the Bezout bound; a jump between paths
#: shows as a repeated end and sends the support to a careful second pass.
FIRST_TOL, MAX_STEP = 5e-2, 1.0
#: Degenerate supports (bad homotopy ends) with at most this many unknowns go to exact elimination; larger
#: ones are listed as unsolved. Measured on 4x4x4 games with payoffs 0..1: 5 and 6 unknowns take 0.05-2 s
#: (one of 44 past 10 s), 7-9 unknowns mostly run past 2 s. Every support of a 3x3x3 game is within it.
EXACT_UNKNOWNS = 6
#: Fewest plane-curve systems worth a thread of their own (a random 5x5x5 game has batches of 284).
PLANE_SYSTEMS_PER_THREAD = 32
#: Fewest homotopy paths worth a thread of their own.
HOMOTOPY_PATHS_PER_THREAD = 512


def solve_binary3(fpay: np.ndarray, tables: list[np.ndarray], integer_payoffs: list[np.ndarray],
                  mixers: list[int], items: list[Any], shape: tuple[int, ...], use_exact: bool,
                  exact_payoffs: list[np.ndarray], report: Any, general: list[Any], numeric_only: list[Any]) -> None:
    """Three players mixing over two strategies each: one quadratic per support (closed form)."""
    from . import _binary3

    sols, flag = _binary3.solve_batch([np.stack([t[k] for _, t in items]) for k in range(3)])
    general.extend(supports for k, (supports, _) in enumerate(items) if flag[k])
    cands = [(supports, w) for k, (supports, _) in enumerate(items) if not flag[k] for w in sols[k]
             if w.min() >= -1e-9 and w.max() <= 1 + 1e-9]
    if not cands:
        return
    ws = np.clip(np.array([w for _, w in cands]), 0.0, 1.0)  # (C, 3)
    probs = [np.zeros((len(cands), m)) for m in shape]
    for c, (supports, w) in enumerate(cands):
        for j, m in enumerate(shape):
            if j in mixers:
                g = mixers.index(j)
                probs[j][c, supports[j][0]], probs[j][c, supports[j][1]] = 1 - ws[c, g], ws[c, g]
            else:
                probs[j][c, supports[j][0]] = 1.0
    regrets = float_regret_batch(tables, probs)
    span = max(float(np.ptp(fpay)), 1.0)
    for c, (supports, w) in enumerate(cands):
        if regrets[c] > 1e-6 * span:
            continue
        prof = [p[c] for p in probs]
        if use_exact:
            # each player's equation scaled by a positive integer: the same solutions, in integer arithmetic
            ex = _binary3.exact_point(support_tensors(integer_payoffs, supports, mixers), ws[c])
            if ex is not None:
                if all(isinstance(v, Fraction) for v in ex):
                    report(exact_profile(supports, shape, dict(zip(mixers, ex))), None)
                else:
                    # the sympy form is built when asked for (sympy arithmetic costs ~0.1 ms a number)
                    report([list(p) for p in prof], symbolic_profile(supports, shape, mixers, ex))
                continue
        report_numeric(prof, supports, [2, 2, 2], use_exact, exact_payoffs, shape, report, numeric_only)


def solve_pencil3(fpay: np.ndarray, tables: list[np.ndarray], sizes: list[int], items: list[Any],
                  shape: tuple[int, ...], use_exact: bool, exact_payoffs: list[np.ndarray], report: Any,
                  numeric_only: list[Any]) -> list[Any]:
    """Three mixing players, the first over two strategies: one polynomial per support, else a linear pencil.

    ``items`` holds ``(supports, tensors, mixers)`` with the players ordered by support size; ``tables``
    as :meth:`NormalFormGame._float_tables`. Returns the supports the pencil cannot settle (for the
    homotopy).
    """
    from . import _pencil3

    gh, ga, gb = 0, 1, 2
    rng = np.random.default_rng(0)
    span = max(float(np.ptp(fpay)), 1.0)
    # tables (equation, other mixer, two-strategy player) for the two larger players
    ta = np.stack([t[ga] for _, t, _ in items])
    tb = np.stack([t[gb] for _, t, _ in items])
    th = np.stack([t[gh][0] for _, t, _ in items])
    ta, tb = np.swapaxes(ta, 2, 3), np.swapaxes(tb, 2, 3)
    # one polynomial per system; the systems it cannot settle go to the pencil, and from there to the homotopy
    sys_k, ts, p, q, flagged = _pencil3.solve_univariate(ta, tb, th)
    hard = np.flatnonzero(flagged)
    if hard.size:
        k2, t2, p2, q2, flagged[hard] = _pencil3.solve_arrays(ta[hard], tb[hard], th[hard], rng)
        sys_k, ts = np.concatenate([sys_k, hard[k2]]), np.concatenate([ts, t2])
        p, q = np.concatenate([p, p2]), np.concatenate([q, q2])
    rest = [item for item, f in zip(items, flagged) if f]
    # most real solutions have a negative probability; the rest are screened by their regret, all at once
    parts = [np.stack([1 - ts, ts], axis=1), p, q]
    fine = np.flatnonzero(np.all(np.concatenate(parts, axis=1) >= -1e-6, axis=1))
    if fine.size == 0:
        return rest
    rough = full_profiles_batch([items[k][0] for k in sys_k[fine]], [items[k][2] for k in sys_k[fine]], shape,
                                [np.clip(part[fine], 0.0, None) for part in parts])
    near = fine[float_regret_batch(tables, rough) <= 1e-4 * span]  # the others are not worth polishing
    for r in near:
        supports, tensors, mixers = items[sys_k[r]]
        pol = polish(tensors, sizes, [part[r] for part in parts])
        if pol is None or min(float(v.min()) for v in pol) < -1e-9:
            continue
        mixed = {mixers[g]: np.clip(pol[g], 0.0, None) / np.clip(pol[g], 0.0, None).sum() for g in range(3)}
        probs = full_profile(supports, shape, mixed)
        if float_regret(fpay, probs) > 1e-6 * span:
            continue
        report_numeric(probs, supports, sizes, use_exact, exact_payoffs, shape, report, numeric_only)
    return rest


def polish(tensors: list[np.ndarray], sizes: list[int], mixed: list[np.ndarray]) -> list[np.ndarray] | None:
    """A few Newton steps on one support system in probability coordinates (each block sums to one)."""
    from ._homotopy import MultilinearBatch

    batch = MultilinearBatch(sizes, [t[None] for t in tensors])
    batch.patch = [np.ones(k) for k in sizes]
    x = np.concatenate(mixed).astype(complex)[None, :]
    for _ in range(3):
        res, jac = batch._f(x, np.zeros(1, dtype=int))
        try:
            x = x - np.linalg.solve(jac[0], res[0])[None, :]
        except np.linalg.LinAlgError:
            return None
    xr = x[0].real
    if not np.all(np.isfinite(xr)):
        return None
    return [xr[batch.offsets[g]:batch.offsets[g + 1]] for g in range(len(sizes))]


def solve_homotopy(fpay: np.ndarray, sizes: list[int], items: list[Any], shape: tuple[int, ...],
                   use_exact: bool, exact_payoffs: list[np.ndarray], report: Any, general: list[Any],
                   numeric_only: list[Any], unsolved: list[Any], ruled_out: Callable[[Any], bool]) -> None:
    """All supports of one shape (mixing players ordered by support size), solved together.

    ``items`` holds ``(supports, tensors, mixers)``, the tensors in the order of ``mixers``;
    ``ruled_out`` is the caller's linear relaxation (or boundary certificate), asked about supports whose
    paths end badly.
    Shapes :func:`._plane3.solvable` accepts try the plane-curve resultant
    first; what it cannot prove complete is tracked by the homotopy.
    """
    from . import _plane3

    chunks = []  # (items, points, system index, systems not trusted, points that are non-singular solutions)
    if _plane3.solvable(sizes):
        items = _solve_plane3(sizes, items, chunks)
    if items:
        chunks.append(_track_with_retry(items, sizes))
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    span = max(float(np.ptp(fpay)), 1.0)
    for chunk_items, x, sys_idx, bad, ok in chunks:
        # a system with doubtful ends is settled if its exact singular solutions make up the count
        settled = {k: _settle_singular(exact_payoffs, chunk_items[k], sizes, offsets, x[sys_idx == k],
                                       ok[sys_idx == k], shape, report) for k in bad}
        # most ends are complex or negative: screened all at once, the rest read one by one
        real = real_nonnegative(x, offsets)
        x, sys_idx, ok = x[real], sys_idx[real], ok[real]
        for k, (supports, _, mixers) in enumerate(chunk_items):
            if k in bad and not settled[k]:
                if sum(sizes) - len(sizes) <= EXACT_UNKNOWNS:
                    general.append(supports)  # small: exact elimination settles it
                elif not ruled_out(supports):
                    unsolved.append(supports)
                continue
            for pt in x[(sys_idx == k) & ok]:  # a settled system's singular ends were reported exactly
                mixed = point_probabilities(pt, offsets, mixers)
                if mixed is None:
                    continue
                probs = full_profile(supports, shape, mixed)
                if float_regret(fpay, probs) > 1e-6 * span:
                    continue
                report_numeric(probs, supports, sizes, use_exact, exact_payoffs, shape, report, numeric_only)


def _solve_plane3(sizes: list[int], items: list[Any], chunks: list[Any]) -> list[Any]:
    """Supports of a shape :func:`._plane3.solvable` accepts, by a plane-curve resultant; returns the rest."""
    from . import _plane3
    from ._threads import parallel_map, spans, workers

    tensors = [np.stack([it[1][k] for it in items]) for k in range(3)]
    # large batches split between threads (numpy's batched algebra releases the GIL); each system is
    # solved on its own, so the split does not change the results
    ranges = spans(len(items), min(workers(), len(items) // PLANE_SYSTEMS_PER_THREAD))
    parts = parallel_map(lambda ab: _plane3.solve([t[ab[0]:ab[1]] for t in tensors]), ranges)
    x = np.concatenate([part[1] for part in parts])
    sys_idx = np.concatenate([part[2] + a for part, (a, _) in zip(parts, ranges)])
    settled = np.concatenate([part[3] for part in parts])
    done = np.flatnonzero(settled)
    remap = np.full(len(items), -1)
    remap[done] = np.arange(done.size)
    mask = settled[sys_idx] if sys_idx.size else np.zeros(0, dtype=bool)
    chunks.append(([items[k] for k in done], x[mask], remap[sys_idx[mask]], set(), np.ones(int(mask.sum()), bool)))
    return [items[k] for k in np.flatnonzero(~settled)]


def _track_with_retry(items: list[Any], sizes: list[int]
                      ) -> tuple[list[Any], np.ndarray, np.ndarray, set[int], np.ndarray]:
    """Homotopy on every support; the doubtful ones again with another start system and shorter steps.

    A support is trusted when its paths (as many as the Bezout bound) end at
    distinct non-singular solutions: then there is no other isolated solution.
    Returns the items (reordered), the ends, their systems, the systems not
    trusted, and which ends are non-singular solutions.
    """
    x, sys_idx, bad, ok = _track(items, sizes, seed=0, first_tol=FIRST_TOL, max_step=MAX_STEP)
    if bad:
        x, ok, bad = _retrack_suspects(items, sizes, x, sys_idx, ok, bad)
    if not bad:
        return items, x, sys_idx, bad, ok
    retry = [items[k] for k in sorted(bad)]
    x2, idx2, bad2, ok2 = _track(retry, sizes, seed=1, first_tol=1e-3, max_step=0.05)
    keep = [k for k in range(len(items)) if k not in bad]
    mask = np.isin(sys_idx, keep)
    remap = {k: r for r, k in enumerate(keep)}
    x = np.vstack([x[mask], x2])
    sys_idx = np.concatenate([[remap[int(k)] for k in sys_idx[mask]],
                              np.asarray(idx2, dtype=int) + len(keep)]).astype(int)
    return ([items[k] for k in keep] + retry, x, sys_idx, {len(keep) + k for k in bad2},
            np.concatenate([ok[mask], ok2]))


def _retrack_suspects(items: list[Any], sizes: list[int], x: np.ndarray, sys_idx: np.ndarray, ok: np.ndarray,
                      bad: set[int]) -> tuple[np.ndarray, np.ndarray, set[int]]:
    """The doubtful systems' suspect paths (ends beside another end: paths that jumped) tracked again on the
    same homotopy with shorter steps; returns the ends, which are solutions, and the systems still doubtful
    (those mended in vain, and those with a failed path or with more suspects than an eighth of their
    paths, or 4).

    A system is trusted when its ends are as many distinct non-singular solutions as the Bezout bound,
    whichever paths gave them, so mending the few paths that jumped is enough; it costs a few of
    the paths that tracking the whole system again from another start system would (a random 3x3x3x3 game's
    full support: 297 paths, 1.7 s).
    """
    from ._homotopy import MultilinearBatch

    per = x.shape[0] // len(items)  # paths per system, in system order (see MultilinearBatch.solve)
    if not np.array_equal(sys_idx, np.repeat(np.arange(len(items)), per)):
        return x, ok, set(bad)  # not laid out as tracked (not expected)
    suspects = {k: np.flatnonzero(_beside_another(x[k * per:(k + 1) * per])) for k in sorted(bad)}
    # a failed or singular end, or many suspects, mean a degenerate system (singular solutions; measured on
    # 4x4x4 games with payoffs 0..1), not a few jumps: left to the caller
    still = {k for k, sus in suspects.items() if not ok[k * per:(k + 1) * per].all() or len(sus) > max(4, per // 8)}
    systems = [k for k in suspects if k not in still]
    if not systems:
        return x, ok, still
    suspects = [suspects[k] for k in systems]
    batch = MultilinearBatch(sizes, [np.stack([items[k][1][g] for k in systems]) for g in range(len(sizes))], seed=0)
    again, idx, fine = batch.solve(first_tol=1e-3, max_step=0.05,
                                   paths=np.concatenate([j * per + s for j, s in enumerate(suspects)]))
    x, ok = x.copy(), ok.copy()
    for j, (k, sus) in enumerate(zip(systems, suspects)):
        x[k * per + sus], ok[k * per + sus] = again[idx == j], fine[idx == j]
        if not ok[k * per:(k + 1) * per].all() or _beside_another(x[k * per:(k + 1) * per]).any():
            still.add(k)
    return x, ok, still


def _beside_another(ends: np.ndarray) -> np.ndarray:
    """Which ends (rows) lie within ``1e-6`` (relative) of another: paths that met, or one that jumped."""
    if len(ends) < 2:
        return np.zeros(len(ends), dtype=bool)
    dist = np.linalg.norm(ends[:, None, :] - ends[None, :, :], axis=2)
    np.fill_diagonal(dist, np.inf)
    with np.errstate(invalid="ignore"):
        return ~(dist.min(axis=1) > 1e-6 * (1 + np.abs(ends).max()))


def _track(items: list[Any], sizes: list[int], seed: int, **kw: float
           ) -> tuple[np.ndarray, np.ndarray, set[int], np.ndarray]:
    """Every path of every support in ``items``: the ends, their systems, the systems not trusted, and which
    ends are non-singular solutions. Large batches are split between threads; paths are tracked
    independently (the same start system in every part), so the split does not change the ends."""
    from ._homotopy import mhb_count
    from ._threads import parallel_map, spans, workers

    ranges = spans(len(items), min(workers(), len(items), len(items) * mhb_count(sizes) // HOMOTOPY_PATHS_PER_THREAD))
    done = parallel_map(lambda ab: _track_batch(items[ab[0]:ab[1]], sizes, seed, **kw), ranges)
    return (np.concatenate([d[0] for d in done]),
            np.concatenate([d[1] + a for d, (a, _) in zip(done, ranges)]),
            {k + a for d, (a, _) in zip(done, ranges) for k in d[2]},
            np.concatenate([d[3] for d in done]))


def _track_batch(items: list[Any], sizes: list[int], seed: int, **kw: float
                 ) -> tuple[np.ndarray, np.ndarray, set[int], np.ndarray]:
    from ._homotopy import MultilinearBatch

    batch = MultilinearBatch(sizes, [np.stack([item[1][k] for item in items]) for k in range(len(sizes))], seed=seed)
    x, sys_idx, ok = batch.solve(**kw)
    bad = {int(k) for k in sys_idx[~ok]}
    # repeated ends mean paths met (a singular solution or a jump): not trusted
    bad |= {k for k in range(len(items)) if _beside_another(x[sys_idx == k]).any()}
    return x, sys_idx, bad, ok


def _settle_singular(exact_payoffs: list[np.ndarray], item: Any, sizes: list[int], offsets: np.ndarray,
                     ends: np.ndarray, ok: np.ndarray, shape: tuple[int, ...], report: Any) -> bool:
    """Whether one support's doubtful path ends are settled by exact multiplicities (:func:`._multiplicity.settle`);
    if so its exact singular solutions that are strictly positive are reported (the non-singular ends are the
    caller's to read)."""
    from ._homotopy import mhb_count
    from ._multiplicity import settle

    supports, floats, mixers = item
    ordered = sorted(mixers)  # the tensors are built in player order, then taken in the item's order
    tensors = permute_tensors(support_tensors(np.array(exact_payoffs, dtype=object), supports, ordered),
                              [ordered.index(i) for i in mixers])
    if not all(t.shape == f.shape and np.allclose(t.astype(float), f, rtol=1e-9, atol=0)
               for t, f in zip(tensors, floats)):
        return False  # not the system that was tracked (not expected)
    points = settle(tensors, ends, ok, offsets, mhb_count(sizes))
    if points is None:
        return False
    for point in points:
        totals = [sum(group) for group in point]
        if not all(t != 0 and all(v / t > 0 for v in group) for group, t in zip(point, totals)):
            continue  # on the boundary of the support (or outside it): not an equilibrium of this support
        profile = [[Fraction(0)] * m for m in shape]
        for j in range(len(shape)):
            profile[j][supports[j][0]] = Fraction(1)
        for i, group, t in zip(mixers, point, totals):
            for s, v in zip(supports[i], group):
                profile[i][s] = v / t
        report(profile, None)
    return True
