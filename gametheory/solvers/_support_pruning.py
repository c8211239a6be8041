"""Private kernel: the support profiles of an n-player game that can carry an equilibrium.

A support profile ``S = (S_1, ..., S_n)`` is discarded when some ``s in S_i``
is weakly dominated, with at least one strict inequality, by a pure strategy
``t`` of player ``i`` against the pure profiles of ``S_{-i}``. Any mixture with
full support on ``S_{-i}`` puts positive weight on every such profile, so ``t``
is then strictly better than ``s`` and ``s`` is not a best reply. For
one-strategy supports this is exactly "no profitable pure deviation", so the
surviving pure profiles are the pure equilibria.

The test is vectorised over all support profiles at once: per player, a
boolean product (strategies x columns) @ (columns x opponents' supports)
tells which strategies are dominated against which opposing support profile.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

__all__: list[str] = []


def all_supports(m: int, largest: int | None = None) -> list[tuple[int, ...]]:
    """Every non-empty subset of ``range(m)`` (with at most ``largest`` elements), small first."""
    top = m if largest is None else min(m, largest)
    return [c for k in range(1, top + 1) for c in itertools.combinations(range(m), k)]


def support_profile_count(shape: tuple[int, ...], largest: int | None = None) -> int:
    """How many support profiles :func:`surviving_supports` examines (at most ``largest`` strategies each)."""
    count = 1
    for m in shape:
        top = m if largest is None else min(m, largest)
        count *= sum(math.comb(m, k) for k in range(1, top + 1))
    return count


def _indicator(supports: list[tuple[int, ...]], m: int) -> np.ndarray:
    out = np.zeros((len(supports), m), dtype=bool)
    for r, s in enumerate(supports):
        out[r, list(s)] = True
    return out


def surviving_supports(payoffs: np.ndarray, tol: float,
                       largest: int | None = None) -> list[tuple[tuple[int, ...], ...]]:
    """Support profiles with no supported strategy dominated against the others' supports.

    ``payoffs`` has shape ``(n, *shape)``; ``largest`` bounds the support
    sizes. Returns the survivors ordered by total size, then by the largest
    support (balanced and small first).
    """
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    sups = [all_supports(m, largest) for m in shape]
    ind = [_indicator(s, m) for s, m in zip(sups, shape)]
    good = np.ones(tuple(len(s) for s in sups), dtype=bool)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        mat = np.moveaxis(payoffs[i], i, 0).reshape(shape[i], -1)  # columns: others in index order
        diff = mat[None, :, :] - mat[:, None, :]  # [s, t, c] = u(t, c) - u(s, c)
        pos = (diff > tol).reshape(shape[i] ** 2, -1).astype(np.int32)
        neg = (diff < -tol).reshape(shape[i] ** 2, -1).astype(np.int32)
        # column indicator of every opposing support profile (product of the others' supports)
        col = ind[others[0]].astype(np.int32)
        for j in others[1:]:
            col = (col[:, None, :, None] * ind[j].astype(np.int32)[None, :, None, :]).reshape(
                col.shape[0] * ind[j].shape[0], -1)
        any_pos = pos @ col.T > 0
        any_neg = neg @ col.T > 0
        dominated = (any_pos & ~any_neg).reshape(shape[i], shape[i], -1).any(axis=1)  # [s, opposing profile]
        bad = (ind[i].astype(np.int32) @ dominated.astype(np.int32)) > 0  # [S_i, opposing profile]
        bad = bad.reshape((len(sups[i]), *[len(sups[j]) for j in others]))
        good &= ~np.moveaxis(bad, 0, i)
    idx = np.argwhere(good)
    lengths = np.stack([np.array([len(s) for s in sups[j]])[idx[:, j]] for j in range(n)], axis=1)
    idx = idx[np.lexsort((lengths.max(axis=1, initial=0), lengths.sum(axis=1)))]  # stable
    return list(zip(*[[sups[j][k] for k in idx[:, j].tolist()] for j in range(n)]))
