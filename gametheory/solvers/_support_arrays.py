"""A support profile's equations as arrays, and float profiles and regrets (the n-player enumeration's
shared kernels: :mod:`.nplayer`).

A support profile fixes each player's strategies; its mixing players' indifference conditions are
multilinear in the others' probabilities, held here as dense tensors (one per mixing player) for the
batched solvers. Profiles of a whole batch are ``(B, m_j)`` arrays, one per player.
"""

from __future__ import annotations

import numpy as np


def full_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...],
                 mixed: dict[int, np.ndarray]) -> list[np.ndarray]:
    """Every player's mixed strategy: ``mixed[j]`` over ``supports[j]`` for the mixers, else pure."""
    out = []
    for j, m in enumerate(shape):
        p = np.zeros(m)
        if j in mixed:
            p[list(supports[j])] = mixed[j]
        else:
            p[supports[j][0]] = 1.0
        out.append(p)
    return out


def float_regret(fpay: np.ndarray, probs: list[np.ndarray]) -> float:
    """The largest gain of a deviation from a float profile (``fpay[i]`` is player ``i``'s payoff array)."""
    n = len(probs)
    worst = 0.0
    for i in range(n):
        arr = fpay[i]
        for j in reversed(range(n)):
            if j != i:
                arr = np.tensordot(arr, probs[j], axes=([j], [0]))
        worst = max(worst, float(arr.max() - arr @ probs[i]))
    return worst


def float_regret_batch(tables: list[np.ndarray], probs: list[np.ndarray]) -> np.ndarray:
    """Regret of a batch of float profiles (``probs[j]`` is ``(B, m_j)``); ``tables`` as
    :meth:`NormalFormGame._float_tables` (own strategies by the others' profiles)."""
    nb = probs[0].shape[0]
    worst = np.zeros(nb)
    if not nb:
        return worst
    for i, table in enumerate(tables):
        w = np.ones((nb, 1))
        for j, p in enumerate(probs):
            if j != i:
                w = (w[:, :, None] * p[:, None, :]).reshape(nb, -1)
        v = w @ table.T
        worst = np.maximum(worst, v.max(axis=1) - np.einsum("bs,bs->b", v, probs[i]))
    return worst


def full_profiles_batch(supports: list[tuple[tuple[int, ...], ...]], mixers: list[list[int]],
                        shape: tuple[int, ...], parts: list[np.ndarray]) -> list[np.ndarray]:
    """:func:`full_profile` for a batch: row ``c`` has ``parts[g][c]`` on the support of ``mixers[c][g]``
    and the others' single strategies; returns one ``(C, m_j)`` array per player."""
    count = len(supports)
    offsets = np.concatenate([[0], np.cumsum(shape)])
    flat = np.zeros((count, int(offsets[-1])))
    rows = np.arange(count)
    for j in range(len(shape)):  # every player's first supported strategy; mixers are overwritten below
        flat[rows, offsets[j] + np.array([sp[j][0] for sp in supports])] = 1.0
    for g, part in enumerate(parts):
        cols = np.array([offsets[mx[g]] + np.array(sp[mx[g]]) for sp, mx in zip(supports, mixers)])
        flat[rows[:, None], cols] = part
    return [flat[:, offsets[j]:offsets[j + 1]] for j in range(len(shape))]


def support_tensors(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...],
                    mixers: list[int]) -> list[np.ndarray]:
    """Per mixing player ``i``: ``u_i(s, .) - u_i(b_i, .)`` for ``s`` in ``S_i`` minus the base, over the
    other mixing players' supports (axes in player order: ``mixers`` ascending), pure players fixed."""
    n = fpay.shape[0]
    # every player's payoffs on the support profile at once: pure players fixed (their axes dropped),
    # the mixers' axes cut to their supports
    sub = fpay[(slice(None), *[slice(None) if j in mixers else supports[j][0] for j in range(n)])]
    for ax, j in enumerate(mixers):
        sub = sub.take(supports[j], axis=1 + ax)
    out = []
    for g, i in enumerate(mixers):
        own = np.moveaxis(sub[i], g, 0)
        out.append(np.ascontiguousarray(own[1:] - own[:1]))
    return out


def support_tensors_batch(fpay: np.ndarray, group: list[tuple[tuple[int, ...], ...]],
                          mixers: list[int]) -> list[np.ndarray]:
    """:func:`support_tensors` for support profiles with the same mixers and sizes, stacked on a first axis."""
    n = fpay.shape[0]
    idx = []
    for j in range(n):
        if j in mixers:
            arr = np.array([sp[j] for sp in group], dtype=np.intp)  # (B, k_j)
            shape_j = [len(group)] + [1] * len(mixers)
            shape_j[1 + mixers.index(j)] = arr.shape[1]
            idx.append(arr.reshape(shape_j))
        else:
            idx.append(np.array([sp[j][0] for sp in group], dtype=np.intp).reshape([len(group)] + [1] * len(mixers)))
    sub = fpay[(slice(None), *idx)]  # (n, B, k_mixer...)
    out = []
    for g, i in enumerate(mixers):
        own = np.moveaxis(sub[i], 1 + g, 1)
        out.append(np.ascontiguousarray(own[:, 1:] - own[:, :1]))
    return out


def permute_tensors(tensors: list[np.ndarray], order: list[int], lead: int = 0) -> list[np.ndarray]:
    """The support tensors with the mixing players taken in ``order`` (new group ``a`` is old ``order[a]``);
    ``lead`` axes in front (a batch) are kept."""
    out = []
    for g in order:
        others = [h for h in range(len(order)) if h != g]  # old axis order of the other groups
        new_others = [h for h in order if h != g]
        out.append(np.transpose(tensors[g], [*range(lead + 1), *[lead + 1 + others.index(h) for h in new_others]]))
    return out


def by_size(sizes: tuple[int, ...]) -> list[int]:
    """The mixing players' groups ordered by support size (stable: equal sizes keep their order)."""
    return sorted(range(len(sizes)), key=lambda g: sizes[g])


def real_nonnegative(x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Which points (rows of homogeneous coordinates) :func:`point_probabilities` can accept: the same tests,
    on every point at once."""
    ok = np.ones(x.shape[0], dtype=bool)
    with np.errstate(all="ignore"):
        for g in range(len(offsets) - 1):
            xi = x[:, offsets[g]:offsets[g + 1]]
            s = xi.sum(axis=1)
            ok &= ~(np.abs(s) < 1e-12 * (1 + np.abs(xi).max(axis=1, initial=0.0)))
            xi = xi / np.where(ok, s, 1.0)[:, None]
            ok &= ~(np.abs(xi.imag).max(axis=1, initial=0.0) > 1e-7) & ~(xi.real.min(axis=1, initial=0.0) < -1e-8)
    return ok


def point_probabilities(pt: np.ndarray, offsets: np.ndarray, mixers: list[int]) -> dict[int, np.ndarray] | None:
    """Mixed strategies from homogeneous coordinates, or None if some block is not real and non-negative."""
    mixed = {}
    for g, i in enumerate(mixers):
        xi = pt[offsets[g]:offsets[g + 1]]
        s = xi.sum()
        if abs(s) < 1e-12 * (1 + np.abs(xi).max()):
            return None
        xi = xi / s
        if np.abs(xi.imag).max() > 1e-7 or xi.real.min() < -1e-8:
            return None
        xr = np.clip(xi.real, 0.0, None)
        mixed[i] = xr / xr.sum()
    return mixed
