"""Private kernel: three mixing players, the first over 3 strategies, by intersecting two plane curves.

Let the players mix ``x`` (3 strategies), ``y`` and ``z`` (``b`` each), in
homogeneous coordinates. The ``b - 1`` indifference equations of ``z``'s
owner are linear in ``y`` for fixed ``x``: ``M(x) y = 0``, a ``(b - 1) x b``
matrix linear in ``x``, so ``y(x)`` is its kernel, the signed maximal minors,
of degree ``b - 1`` in ``x``. Likewise ``z(x)`` from ``y``'s owner. What is
left is the two equations of ``x``'s owner, ``y(x)' T_k z(x) = 0``: two plane
curves of degree ``d = 2 (b - 1)``, meeting in ``d^2`` points of which the
multihomogeneous Bezout number are solutions (10 of 16 for ``b = 3``; the
others are where ``y(x)`` or ``z(x)`` vanishes). Shapes ``(3, b, b + 1)`` and
``(3, 3, 5)`` give two curves the same way (:class:`_Shape3bc`,
:class:`_Shape335`).

The curves are met by a resultant: after a random projective change of
coordinates, each curve is a polynomial in ``u1`` whose coefficients are
polynomials in ``u0``; the Sylvester determinant, sampled at roots of unity
and interpolated by FFT, is a polynomial of degree ``d^2`` in ``u0``; its roots
are companion eigenvalues and each ``u1`` is read off the Sylvester kernel.
Everything is numerical and batched over all supports of the shape.

The candidates are polished by Newton's method on the original system. A
support is settled only when that gives exactly the Bezout number of
distinct, non-singular solutions: the system has no more isolated
solutions than that, so none is missed. Any other outcome (ill-conditioned
resultant, a degenerate game) flags the support for the homotopy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._homotopy import MultilinearBatch, mhb_count

__all__: list[str] = []


def _kernel(m: np.ndarray) -> np.ndarray:
    """Kernel of ``(..., b - 1, b)`` matrices by signed maximal minors (exact for rank ``b - 1``)."""
    b = m.shape[-1]
    cols = [[c for c in range(b) if c != j] for j in range(b)]
    minors = np.linalg.det(np.stack([m[..., cols[j]] for j in range(b)], axis=-3))
    return minors * np.array([(-1) ** j for j in range(b)])


def _linear_in(t: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """``einsum("bkaj,bna->bnkj", t, pts)`` (equations linear in the group of axis ``a``, at each point)
    as one batched matrix product, several times faster."""
    bsz, k, a, j = t.shape
    return (pts @ t.transpose(0, 2, 1, 3).reshape(bsz, a, k * j)).reshape(bsz, pts.shape[1], k, j)


class _Shape3bb:
    """``(3, b, b)``: ``y(x)``, ``z(x)`` by maximal minors; curves ``y' T_k z``, both of degree ``2 (b - 1)``."""

    def __init__(self, tensors: list[np.ndarray], seed: int = 0) -> None:
        self.t0, self.t1, self.t2 = tensors
        b = self.t1.shape[-1]
        self.degrees = (2 * (b - 1), 2 * (b - 1))

    def curves(self, pts: np.ndarray) -> np.ndarray:
        _, y, z = self.point(pts)
        return (_linear_in(self.t0, y) * z[:, :, None, :]).sum(axis=-1)

    def point(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        y = _kernel(_linear_in(self.t2, pts))  # z's owner: linear in y for fixed x
        z = _kernel(_linear_in(self.t1, pts))  # y's owner: linear in z for fixed x
        return pts, y, z


class _Shape3bc:
    """``(3, b, b + 1)``: ``z``'s owner has ``b`` equations ``M(x) y = 0``, so ``det M(x) = 0`` (degree ``b``)
    and ``y = adj(M(x)) r`` (Cramer: ``y_j = det M`` with column ``j`` replaced by ``r``); then ``z`` solves
    ``b + 1`` linear equations (``y``'s owner's ``b - 1``, linear in ``x``, and ``x``'s owner's two,
    ``y' T_k``), whose determinant has degree ``3 (b - 1)``. For ``b = 3``: 18 points, 12 solutions; the
    other points are where ``adj(M) r`` vanishes on the first curve."""

    def __init__(self, tensors: list[np.ndarray], seed: int) -> None:
        self.t0, self.t1, self.t2 = tensors
        b = self.t2.shape[-1]
        self.degrees = (b, 3 * (b - 1))
        rng = np.random.default_rng(seed + 7)
        self.r = rng.normal(size=b) + 1j * rng.normal(size=b)

    def _parts(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = _linear_in(self.t2, pts)
        b = m.shape[-1]
        replaced = np.repeat(m[..., None, :, :], b, axis=-3)  # (..., j, k, col)
        replaced[..., np.arange(b), :, np.arange(b)] = self.r
        adj_r = np.linalg.det(replaced)
        q = np.concatenate([_linear_in(self.t1, pts),
                            _linear_in(self.t0, adj_r)], axis=-2)
        return m, adj_r, q

    def curves(self, pts: np.ndarray) -> np.ndarray:
        m, _, q = self._parts(pts)
        return np.stack([np.linalg.det(m), np.linalg.det(q)], axis=-1)

    def point(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        _, y, q = self._parts(pts)
        return pts, y, np.linalg.svd(q)[2][..., -1, :].conj()


class _Shape335:
    """``(3, 3, 5)``: ``z``'s owner has 4 equations ``M(x) y = 0`` in 3 unknowns, so ``M(x)`` (4 x 3) has
    rank 2: two of its 3 x 3 minors give two cubics (9 points: the 6 solutions, and the 3 points where
    their two shared rows drop rank). ``y`` is the kernel of ``M(x)``, ``z`` that of the 4 remaining
    equations."""

    def __init__(self, tensors: list[np.ndarray], seed: int) -> None:
        self.t0, self.t1, self.t2 = tensors
        self.degrees = (3, 3)

    def curves(self, pts: np.ndarray) -> np.ndarray:
        m = _linear_in(self.t2, pts)
        return np.stack([np.linalg.det(m[..., [0, 1, 2], :]), np.linalg.det(m[..., [0, 1, 3], :])], axis=-1)

    def point(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = _linear_in(self.t2, pts)
        y = np.linalg.svd(m)[2][..., -1, :].conj()
        q = np.concatenate([_linear_in(self.t1, pts),
                            _linear_in(self.t0, y)], axis=-2)
        return pts, y, np.linalg.svd(q)[2][..., -1, :].conj()


_SHAPES = {(3, 3): _Shape3bb, (4, 4): _Shape3bb, (3, 4): _Shape3bc, (4, 5): _Shape3bc, (3, 5): _Shape335}


def _sylvester(cf: np.ndarray, cg: np.ndarray) -> np.ndarray:
    """Sylvester matrices of ``f`` (coefficients ``cf[..., d1 + 1]``) and ``g`` (``cg[..., d2 + 1]``)."""
    d1, d2 = cf.shape[-1] - 1, cg.shape[-1] - 1
    out = np.zeros((*cf.shape[:-1], d1 + d2, d1 + d2), dtype=complex)
    for i in range(d2):
        out[..., i, i:i + d1 + 1] = cf
    for i in range(d1):
        out[..., d2 + i, i:i + d2 + 1] = cg
    return out


def _coefficients(shape: Any, frame: np.ndarray, bsz: int) -> np.ndarray:
    """Both curves in the frame's coordinates: ``c[B, a, j, curve]``, the coefficient of ``u0^a u1^j``.

    A curve of degree ``d`` has degree at most ``d`` in each of ``u0``, ``u1``, so its values on the
    ``(d + 1) x (d + 1)`` grid of roots of unity give every coefficient by one 2-D FFT: the curves are
    evaluated once per frame, not at every ``u0`` the resultant needs.
    """
    m = max(shape.degrees) + 1
    w = np.exp(2j * np.pi * np.arange(m) / m)
    grid = (w[:, None, None] * frame[0] + w[None, :, None] * frame[1] + frame[2]).reshape(1, m * m, 3)
    vals = shape.curves(np.broadcast_to(grid, (bsz, m * m, 3))).reshape(bsz, m, m, 2)
    return np.fft.fft2(vals, axes=(1, 2)) / (m * m)


def _sylvester_at(shape: Any, coef: np.ndarray, u0: np.ndarray) -> np.ndarray:
    """Sylvester matrices in ``u1`` of both curves at each ``u0`` (shape ``(B, N)``)."""
    d1, d2 = shape.degrees
    powers = u0[..., None] ** np.arange(coef.shape[1])
    # ascending powers of u1 at each u0: c[b, n, j, curve]
    cf = (powers @ coef.reshape(*coef.shape[:2], -1)).reshape(*powers.shape[:2], *coef.shape[2:])
    return _sylvester(cf[:, :, :d1 + 1, 0], cf[:, :, :d2 + 1, 1])


def candidates(shape: Any, bsz: int, seed: int = 0) -> np.ndarray:
    """Every intersection point of the two curves, as ``(x, y, z)`` stacked: ``(B, d1 d2, K)``.

    Only starting points: where the resultant is ill-conditioned or loses
    degree they are poor, and the caller's solution count says so.
    """
    d1, d2 = shape.degrees
    rng = np.random.default_rng(seed)
    frame = np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))[0]  # unitary: well conditioned
    coef = _coefficients(shape, frame, bsz)
    n0 = d1 * d2 + 1
    w0 = np.exp(2j * np.pi * np.arange(n0) / n0)
    res = np.fft.fft(np.linalg.det(_sylvester_at(shape, coef, np.broadcast_to(w0, (bsz, n0)))), axis=1) / n0
    lead = res[:, -1]  # the resultant, ascending powers of u0
    lead = np.where(np.abs(lead) > 1e-8 * np.abs(res).max(axis=1), lead, 1.0)  # lost degree: any roots will do
    deg = n0 - 1
    comp = np.zeros((bsz, deg, deg), dtype=complex)
    comp[:, np.arange(1, deg), np.arange(deg - 1)] = 1.0
    comp[:, :, -1] = -res[:, :-1] / lead[:, None]
    u0 = np.linalg.eigvals(comp)
    syl = _sylvester_at(shape, coef, u0)
    try:  # inverse iteration: S(u0) is nearly singular, so S^-2 b ~ its kernel (1, u1, u1^2, ...)
        v = np.broadcast_to(rng.normal(size=syl.shape[-1]) + 0j, syl.shape[:-1])
        for _ in range(2):
            v = np.linalg.solve(syl, v[..., None])[..., 0]
            v = v / np.maximum(np.abs(v).max(axis=-1, keepdims=True), 1e-300)
    except np.linalg.LinAlgError:  # exactly singular somewhere: the kernel by SVD
        v = np.linalg.svd(syl)[2][..., -1, :].conj()
    u1 = (v[..., :-1].conj() * v[..., 1:]).sum(-1) / np.maximum((np.abs(v[..., :-1]) ** 2).sum(-1), 1e-300)
    x = u0[..., None] * frame[0] + u1[..., None] * frame[1] + frame[2]
    return np.concatenate(shape.point(x), axis=2)


def solvable(sizes: list[int]) -> bool:
    """Whether a support shape (mixing players ordered by size) has a plane-curve formulation here."""
    return len(sizes) == 3 and sizes[0] == 3 and tuple(sizes[1:]) in _SHAPES


def solve(tensors: list[np.ndarray], frames: int = 3) -> tuple[MultilinearBatch, np.ndarray, np.ndarray, np.ndarray]:
    """Every isolated solution of a batch of systems of one :func:`solvable` shape, where provably complete.

    ``tensors`` are in the layout of :class:`~._homotopy.MultilinearBatch`.
    Up to ``frames`` random coordinate frames are tried on the systems not
    yet settled; the solutions found in each are pooled.

    Returns ``(batch, points, system_index, settled)``: the batch (its patch
    fixes the homogeneous coordinates of the points), the distinct solutions
    found, the system of each, and per system whether they are provably all.
    """
    sizes = [3, tensors[0].shape[2], tensors[0].shape[3]]
    batch = MultilinearBatch(sizes, tensors, seed=0)
    bsz = batch.batch
    target = mhb_count(sizes)
    found = [np.zeros((0, batch.K), dtype=complex) for _ in range(bsz)]
    pending = np.arange(bsz)
    for seed in range(frames):
        if pending.size == 0:
            break
        sub = [t[pending] for t in batch.tensors]
        shape = _SHAPES[(sizes[1], sizes[2])](sub, seed)
        cand = candidates(shape, pending.size, seed=seed)
        npts = cand.shape[1]
        pts = cand.reshape(pending.size * npts, batch.K)
        sys_idx = np.repeat(pending, npts)
        with np.errstate(all="ignore"):
            for j in range(3):  # onto the batch's affine patch of each group
                block = pts[:, batch.offsets[j]:batch.offsets[j + 1]]
                pts[:, batch.offsets[j]:batch.offsets[j + 1]] = block / (block @ batch.patch[j])[:, None]
        keep = np.all(np.isfinite(pts), axis=1) & (np.abs(pts).max(axis=1) < 1e8)
        pts, good = batch.refine(pts[keep], sys_idx[keep], iterations=6, drop_stalled=True)
        pts, sys_idx = pts[good], sys_idx[keep][good]
        if seed == 0:  # nothing found yet: every system's points screened at once
            for k, distinct in zip(pending, _distinct_by_system(pts, np.searchsorted(pending, sys_idx), pending.size)):
                found[k] = distinct
        else:
            for k in pending:
                found[k] = _distinct(np.vstack([found[k], pts[sys_idx == k]]))
        pending = np.array([k for k in pending if len(found[k]) != target], dtype=int)
    settled = np.array([len(f) == target for f in found], dtype=bool)
    points = np.vstack(found) if bsz else np.zeros((0, batch.K), dtype=complex)
    idx = np.repeat(np.arange(bsz), [len(f) for f in found])
    return batch, points, idx, settled


def _distinct_by_system(points: np.ndarray, system: np.ndarray, count: int) -> list[np.ndarray]:
    """:func:`_distinct` of the points of each system (``system`` ascending, in ``range(count)``), at once:
    padded to one block per system, distances from the Gram matrices."""
    sizes = np.bincount(system, minlength=count)
    width = int(sizes.max(initial=0))
    if width < 2:
        return [points[system == k] for k in range(count)]
    slot = np.arange(len(system)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    pad = np.zeros((count, width, points.shape[1]), dtype=points.dtype)
    pad[system, slot] = points
    norms = (np.abs(pad) ** 2).sum(axis=2)
    dist2 = np.maximum(norms[:, :, None] + norms[:, None, :] - 2 * (pad @ pad.conj().transpose(0, 2, 1)).real, 0.0)
    tol = 1e-6 * (1 + np.abs(pad).max(axis=2))
    real_slot = np.arange(width)[None, :] < sizes[:, None]
    close = (dist2 <= (tol ** 2)[:, :, None]) & real_slot[:, None, :] & np.tri(width, k=-1, dtype=bool)
    keep = real_slot & ~close.any(axis=2)
    return [pad[k][keep[k]] for k in range(count)]


def _distinct(points: np.ndarray) -> np.ndarray:
    """The points that are not within ``1e-6`` (relative) of an earlier one."""
    if len(points) < 2:
        return points
    dist = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    tol = 1e-6 * (1 + np.abs(points).max(axis=1))
    dup = np.tril(dist <= tol[:, None], k=-1).any(axis=1)
    return points[~dup]
