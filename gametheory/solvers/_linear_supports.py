"""Supports in which at most two players mix: each one's equations are linear in the other's probabilities.

Screened in floats for a whole batch at once (inconsistent or negative: dropped), then solved exactly in
Fractions (:func:`._polysystem.solve_two_mixers`). Also the rank tests that rule out, in floats and for a
batch, supports where a player has more independent equations than the others have unknowns.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from . import _polysystem as ps
from ._support_arrays import (
    float_regret,
    float_regret_batch,
    full_profile,
    support_tensors,
)


def solve_linear(fpay: np.ndarray, exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                 mixers: list[int], shape: tuple[int, ...], report: Any, general: list[Any]) -> None:
    """Supports in which at most two players mix: each player's equations are linear in the other's."""
    if not mixers:
        report([[Fraction(int(k == supports[j][0])) for k in range(m)] for j, m in enumerate(shape)], None)
        return
    if len(mixers) == 1:
        general.append(supports)  # payoffs tie across the support (else pruned): a continuum
        return
    tensors = support_tensors(fpay, supports, mixers)
    mixed = {}
    blocks = [_linear_block(t) for t in tensors]
    if any(kind == "none" for kind, _ in blocks):
        return
    if any(kind == "degenerate" for kind, _ in blocks):
        general.append(supports)
        return
    for k, (_, x) in enumerate(blocks):
        mixed[mixers[1 - k]] = x
    if any(float(v) < -1e-9 for x in mixed.values() for v in x):
        return
    probs = full_profile(supports, shape, mixed)
    if float_regret(fpay, probs) > 1e-6 * max(float(np.ptp(fpay)), 1.0):
        return
    sols = ps.solve_two_mixers(exact_payoffs, supports, shape)
    if sols is None:
        general.append(supports)
        return
    for prof in sols:
        if all(v >= 0 for p in prof for v in p):
            report(prof, None)


def _linear_block(d: np.ndarray) -> tuple[str, np.ndarray | None]:
    """Solve ``d x = 0, sum(x) = 1`` in floats: ('unique', x), ('none', None) or ('degenerate', None)."""
    m = d.shape[1]
    scale = max(float(np.abs(d).max()), 1e-300)
    a = np.vstack([d / scale, np.ones((1, m))])
    b = np.zeros(a.shape[0])
    b[-1] = 1.0
    x, _, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    resid = float(np.abs(a @ x - b).max())
    if resid > 1e-8:
        return "none", None
    if rank < m or sv[-1] < 1e-10 * sv[0]:
        return "degenerate", None
    return "unique", x


def two_mixers_batch(fpay: np.ndarray, tables: list[np.ndarray], group: list[tuple[tuple[int, ...], ...]],
                     sizes: tuple[int, ...]) -> tuple[list[Any], list[Any]]:
    """Supports in which two players mix, over ``sizes`` strategies (ascending), screened in floats at once.

    Returns the supports whose unique float solution is an equilibrium (to be made exact), and those
    :func:`solve_linear` must still judge (ill-conditioned equations, or equations with a kernel).
    With unequal sizes the larger mixer has at least as many equations as the other has probabilities:
    dropped where they have no kernel (generic games). With equal sizes each mixer's indifference and the
    other's probabilities summing to one form a square system.
    """
    n, nb = fpay.shape[0], len(group)
    k0, k1 = sizes
    # per item: the mixers, the smaller (or, on a tie, the lower-indexed) one first
    movers = np.array([sorted((i for i in range(n) if len(sp[i]) > 1), key=lambda i: (len(sp[i]), i))
                       for sp in group], dtype=np.intp)  # (B, 2)
    sup = [np.array([sp[m] for sp, m in zip(group, movers[:, g])], dtype=np.intp) for g in range(2)]
    idx = []
    for j in range(n):
        pure = np.array([sp[j][0] for sp in group], dtype=np.intp)[:, None, None]
        at = np.where((movers[:, 0] == j)[:, None, None], sup[0][:, :, None], pure)
        idx.append(np.broadcast_to(np.where((movers[:, 1] == j)[:, None, None], sup[1][:, None, :], at),
                                   (nb, k0, k1)))
    own = [fpay[(movers[:, g, None, None], *idx)] for g in range(2)]  # (B, k0, k1) payoffs of mixer g
    d = [own[0][:, 1:] - own[0][:, :1],  # mixer 0's indifference, in mixer 1's probabilities
         np.transpose(own[1][:, :, 1:] - own[1][:, :, :1], (0, 2, 1))]
    scaled = [t / np.maximum(np.abs(t).reshape(nb, -1).max(axis=1), 1e-300)[:, None, None] for t in d]
    if k0 != k1:
        sv = np.linalg.svd(scaled[1], compute_uv=False)  # (B, k0): at least as many rows as columns
        keep = sv[:, -1] <= 1e-9 * sv[:, 0]
        return [], [sp for sp, ok in zip(group, keep) if ok]
    mats = [np.concatenate([t, np.ones((nb, 1, k0))], axis=1) for t in scaled]  # (B, k, k) each
    sv = np.linalg.svd(np.concatenate(mats), compute_uv=False).reshape(2, nb, k0)
    singular = np.any(sv[:, :, -1] < 1e-10 * sv[:, :, 0], axis=0)
    fine = np.flatnonzero(~singular)
    if not fine.size:
        return [], list(group)
    rhs = np.zeros((fine.size, k0, 1))
    rhs[:, -1] = 1.0
    # mixer g's equations give the other mixer's probabilities
    xs = [np.linalg.solve(m[fine], rhs)[..., 0] for m in mats]
    rows = np.arange(fine.size)
    probs = []
    for j, m in enumerate(fpay.shape[1:]):
        full = np.zeros((fine.size, m))
        full[rows, [group[b][j][0] for b in fine]] = 1.0
        for g in range(2):
            mine = np.flatnonzero(movers[fine, g] == j)
            full[mine] = 0.0
            full[mine[:, None], sup[g][fine[mine]]] = xs[1 - g][mine]
        probs.append(full)
    ok = np.all(np.concatenate(xs, axis=1) >= -1e-9, axis=1)
    ok &= float_regret_batch(tables, probs) <= 1e-6 * max(float(np.ptp(fpay)), 1.0)
    return [group[b] for b in fine[ok]], [group[b] for b in np.flatnonzero(singular)]


def overdetermined_possible_batch(ds: np.ndarray) -> np.ndarray:
    """Whether each overdetermined player's equations (a stack of blocks of one shape) can have a common
    positive zero: no kernel means no; facing a two-strategy mixer, a rank drop of a pencil
    (:func:`_pencil_kernels_possible`) decides, all at once; else :func:`_overdetermined_possible`."""
    nb = ds.shape[0]
    c = ds.reshape(nb, ds.shape[1], -1)
    c = c / np.maximum(np.abs(c).reshape(nb, -1).max(axis=1), 1e-300)[:, None, None]
    sv = np.linalg.svd(c, compute_uv=False)
    out = c.shape[2] - np.sum(sv > 1e-9 * sv[:, :1], axis=1) > 0
    todo = np.flatnonzero(out)
    if todo.size and ds.ndim == 4 and 2 in ds.shape[2:]:
        out[todo] = _pencil_kernels_possible(ds[todo] if ds.shape[2] == 2 else np.transpose(ds[todo], (0, 1, 3, 2)))
    else:
        for k in todo:
            out[k] = _overdetermined_possible(ds[k])
    return out


def _overdetermined_possible(d: np.ndarray) -> bool:
    """Whether an overdetermined player's equations can have a common positive zero.

    ``d`` has shape ``(k_i - 1, k_j, k_l, ...)``. The equations are linear in
    the products of the others' probabilities; without a non-zero kernel
    vector of that linear map there is no solution, and a one-dimensional
    kernel must itself be a positive product (rank one). (Facing a
    two-strategy mixer, :func:`overdetermined_possible_batch` decides by a
    pencil instead.)
    """
    c = d.reshape(d.shape[0], -1)
    c = c / max(float(np.abs(c).max()), 1e-300)
    sv = np.linalg.svd(c, compute_uv=False) if c.size else np.zeros(0)
    rank = int(np.sum(sv > 1e-9 * (sv[0] if sv.size else 1.0)))
    null = c.shape[1] - rank
    if null == 0:
        return False
    if null > 2 or d.ndim != 3:
        return True
    if null == 2:
        return _rank_one_in_pencil(np.linalg.svd(c)[2][-2:].reshape(2, *d.shape[1:]))
    vec = np.linalg.svd(c)[2][-1].reshape(d.shape[1:])
    for ax in range(vec.ndim):
        unf = np.moveaxis(vec, ax, 0).reshape(vec.shape[ax], -1)
        s = np.linalg.svd(unf, compute_uv=False)
        if s.size > 1 and s[1] > 1e-8 * s[0]:
            return False
    flat = vec.ravel()
    return bool(np.all(flat >= -1e-9) or np.all(flat <= 1e-9))


def _rank_one_in_pencil(basis: np.ndarray) -> bool:
    """Whether some non-zero ``u A + v B`` (``basis = [A, B]``, matrices) has rank one with one sign."""
    a, b = basis
    rows, cols = a.shape
    cands = [(0.0, 1.0)]
    polys = []
    for r1 in range(rows):
        for r2 in range(r1 + 1, rows):
            for c1 in range(cols):
                for c2 in range(c1 + 1, cols):
                    # det([[a11 + t b11, a12 + t b12], [a21 + t b21, a22 + t b22]]) in t
                    p = np.polynomial.polynomial.polysub(
                        np.polynomial.polynomial.polymul([a[r1, c1], b[r1, c1]], [a[r2, c2], b[r2, c2]]),
                        np.polynomial.polynomial.polymul([a[r1, c2], b[r1, c2]], [a[r2, c1], b[r2, c1]]))
                    polys.append(np.pad(p, (0, 3 - len(p))))
    if not polys:
        return True
    polys_arr = np.array(polys)
    lead = polys_arr[np.argmax(np.abs(polys_arr).max(axis=1))]
    if np.abs(lead).max() < 1e-12:
        return True  # every combination has rank <= 1: a whole family
    cands += [(1.0, float(r.real)) for r in np.roots(lead[::-1]) if abs(r.imag) < 1e-9 * (1 + abs(r))]
    for u, v in cands:
        m = u * a + v * b
        s = np.linalg.svd(m, compute_uv=False)
        if s[0] < 1e-12 or s[1] > 1e-8 * s[0]:
            continue
        flat = m.ravel() / s[0]
        if np.all(flat >= -1e-9) or np.all(flat <= 1e-9):
            return True
    return False


def _pencil_kernels_possible(d: np.ndarray) -> np.ndarray:
    """Whether ``sum_a x_a d[b, :, a, :] y = 0`` has a solution with ``x = (1 - s, s)``, ``s`` real in
    ``[0, 1]``, for each system ``b``.

    ``d`` has shape ``(B, m, 2, k)``: an ``s`` at which the ``m x k`` pencil
    ``A + s B`` drops rank (:func:`._pencil3.real_rank_drops`). A pencil
    singular for every ``s`` proves nothing: then the answer is yes.
    """
    from ._pencil3 import real_rank_drops

    a = d[:, :, 0, :]
    sys_k, _, _, _, flagged = real_rank_drops(a, d[:, :, 1, :] - a, np.random.default_rng(0))
    out = flagged.copy()
    out[sys_k] = True
    return out
