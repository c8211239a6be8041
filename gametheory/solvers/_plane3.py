"""Private kernel: three mixing players over ``(3, b, b)`` strategies, by intersecting two plane curves.

Let the players mix ``x`` (3 strategies), ``y`` and ``z`` (``b`` each), in
homogeneous coordinates. The ``b - 1`` indifference equations of ``z``'s
owner are linear in ``y`` for fixed ``x``: ``M(x) y = 0``, a ``(b - 1) x b``
matrix linear in ``x``, so ``y(x)`` is its kernel, the signed maximal minors,
of degree ``b - 1`` in ``x``. Likewise ``z(x)`` from ``y``'s owner. What is
left is the two equations of ``x``'s owner, ``y(x)' T_k z(x) = 0``: two plane
curves of degree ``d = 2 (b - 1)``, meeting in ``d^2`` points of which the
multihomogeneous Bezout number are solutions (10 of 16 for ``b = 3``; the
others are where ``y(x)`` or ``z(x)`` vanishes).

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

import numpy as np

from ._homotopy import MultilinearBatch, mhb_count

__all__: list[str] = []


def _kernel(m: np.ndarray) -> np.ndarray:
    """Kernel of ``(..., b - 1, b)`` matrices by signed maximal minors (exact for rank ``b - 1``)."""
    b = m.shape[-1]
    cols = [[c for c in range(b) if c != j] for j in range(b)]
    minors = np.linalg.det(np.stack([m[..., cols[j]] for j in range(b)], axis=-3))
    return minors * np.array([(-1) ** j for j in range(b)])


def _curves(tensors: list[np.ndarray], pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(q, y, z)`` at points ``x`` (shape ``(B, N, 3)``): the two curve values and the kernels."""
    t0, t1, t2 = tensors
    y = _kernel(np.einsum("bkaj,bna->bnkj", t2, pts))  # z's owner: linear in y for fixed x
    z = _kernel(np.einsum("bkac,bna->bnkc", t1, pts))  # y's owner: linear in z for fixed x
    q = np.einsum("bkjc,bnj,bnc->bnk", t0, y, z)
    return q, y, z


def _sylvester(coef: np.ndarray) -> np.ndarray:
    """Sylvester matrices of the two polynomials in ``coef[..., 2, d + 1]`` (ascending powers)."""
    d = coef.shape[-1] - 1
    out = np.zeros((*coef.shape[:-2], 2 * d, 2 * d), dtype=complex)
    for i in range(d):
        out[..., i, i:i + d + 1] = coef[..., 0, :]
        out[..., d + i, i:i + d + 1] = coef[..., 1, :]
    return out


def _u1_coefficients(tensors: list[np.ndarray], frame: np.ndarray, u0: np.ndarray, d: int) -> np.ndarray:
    """Coefficients in ``u1`` of both curves at each ``u0`` (shape ``(B, N)``): ``(B, N, 2, d + 1)``."""
    w = np.exp(2j * np.pi * np.arange(d + 1) / (d + 1))
    pts = u0[:, :, None, None] * frame[0] + w[None, None, :, None] * frame[1] + frame[2]
    bsz, n = u0.shape
    q, _, _ = _curves(tensors, pts.reshape(bsz, n * (d + 1), 3))
    vals = q.reshape(bsz, n, d + 1, 2)
    return np.moveaxis(np.fft.fft(vals, axis=2) / (d + 1), 2, 3)


def candidates(tensors: list[np.ndarray], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Every intersection point of the two curves, as ``(x, y, z)`` stacked: ``(B, d^2, 3 + 2 b)``.

    The second array flags systems whose resultant lost degree (points at
    infinity of the chart: not to be trusted).
    """
    bsz = tensors[0].shape[0]
    b = tensors[0].shape[2]
    d = 2 * (b - 1)
    rng = np.random.default_rng(seed)
    frame = np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))[0]  # unitary: well conditioned
    n0 = d * d + 1
    w0 = np.exp(2j * np.pi * np.arange(n0) / n0)
    coef = _u1_coefficients(tensors, frame, np.broadcast_to(w0, (bsz, n0)), d)
    res = np.fft.fft(np.linalg.det(_sylvester(coef)), axis=1) / n0  # resultant, ascending powers of u0
    lead = res[:, -1]
    flag = ~(np.abs(lead) > 1e-8 * np.abs(res).max(axis=1))
    lead = np.where(flag, 1.0, lead)
    comp = np.zeros((bsz, d * d, d * d), dtype=complex)
    comp[:, np.arange(1, d * d), np.arange(d * d - 1)] = 1.0
    comp[:, :, -1] = -res[:, :-1] / lead[:, None]
    u0 = np.linalg.eigvals(comp)
    syl = _sylvester(_u1_coefficients(tensors, frame, u0, d))
    v = np.linalg.svd(syl)[2][..., -1, :].conj()  # kernel ~ (1, u1, u1^2, ...)
    u1 = (v[..., :-1].conj() * v[..., 1:]).sum(-1) / np.maximum((np.abs(v[..., :-1]) ** 2).sum(-1), 1e-300)
    x = u0[..., None] * frame[0] + u1[..., None] * frame[1] + frame[2]
    _, y, z = _curves(tensors, x)
    return np.concatenate([x, y, z], axis=2), flag


def solve(tensors: list[np.ndarray], seed: int = 0) -> tuple[MultilinearBatch, np.ndarray, np.ndarray, np.ndarray]:
    """Every isolated solution of a batch of ``(3, b, b)`` support systems, where it can be proved complete.

    ``tensors`` are in the layout of :class:`~._homotopy.MultilinearBatch`.
    Returns ``(batch, points, system_index, settled)``: the batch (its patch
    fixes the homogeneous coordinates of the points), the distinct solutions
    found, the system of each, and per system whether they are provably all.
    """
    b = tensors[1].shape[1] + 1
    sizes = [3, b, b]
    batch = MultilinearBatch(sizes, tensors, seed=seed)
    bsz = batch.batch
    cand, flag = candidates(batch.tensors, seed=seed)
    npts = cand.shape[1]
    pts = cand.reshape(bsz * npts, batch.K)
    sys_idx = np.repeat(np.arange(bsz), npts)
    with np.errstate(all="ignore"):
        for j in range(3):  # onto the batch's affine patch of each group
            block = pts[:, batch.offsets[j]:batch.offsets[j + 1]]
            pts[:, batch.offsets[j]:batch.offsets[j + 1]] = block / (block @ batch.patch[j])[:, None]
    keep = np.all(np.isfinite(pts), axis=1) & (np.abs(pts).max(axis=1) < 1e8)
    pts, sys_idx = pts[keep], sys_idx[keep]
    pts, good = batch.refine(pts, sys_idx, iterations=6)
    pts, sys_idx = pts[good], sys_idx[good]
    target = mhb_count(sizes)
    out_pts, out_idx = [], []
    settled = ~flag
    for k in range(bsz):
        mine = pts[sys_idx == k]
        distinct: list[np.ndarray] = []
        for p in mine:
            if all(np.linalg.norm(p - q) > 1e-6 * (1 + np.abs(p).max()) for q in distinct):
                distinct.append(p)
        if len(distinct) != target:
            settled[k] = False
        out_pts += distinct
        out_idx += [k] * len(distinct)
    points = np.array(out_pts).reshape(-1, batch.K)
    return batch, points, np.asarray(out_idx, dtype=int), settled
