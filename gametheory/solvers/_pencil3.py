"""Private kernel: three mixing players, one of them over two strategies, by one polynomial or a pencil.

Let player ``h`` mix ``(1 - t, t)`` and the other two mix ``p`` (``a``
strategies) and ``q`` (``b`` strategies). For fixed ``t`` the indifference
equations of ``p``'s owner are linear in ``q``, those of ``q``'s owner linear
in ``p``, and ``h``'s one equation is bilinear in ``(p, q)``.

First, :func:`solve_univariate`: ``p`` and ``q`` are kernels that depend
polynomially on ``t``, so the solutions are the roots of one polynomial in
``t`` of degree at most ``2 (a - 1)``, all supports of one shape at once.
Where that construction could miss a solution (a vanishing polynomial, a
multiple root, a kernel of dimension above one) the system is flagged.

Flagged systems go to the pencil (:func:`solve_arrays`). Multiplying the
first block by every ``p_j`` and the second by every ``q_j`` makes all the
equations linear in the products ``z = p (x) q``:

    (M0 + t M1) z = 0.

An equilibrium is a ``t`` at which this rectangular pencil has a rank-one
kernel vector. The ``t`` values are eigenvalues of the pencil projected to a
square one by a random matrix (a true solution stays one); each real candidate
in ``[0, 1]`` is checked on the full pencil and its kernel split into ``p``
and ``q``. A pencil singular for every ``t``, or a kernel of dimension above
one, is flagged so the caller can use another method.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []

#: A root near ``[0, 1]`` whose scaled distances to the other roots multiply to less than this is taken
#: for one of a cluster (a multiple root split by rounding), and its system is left to the pencil.
SEPARATION = 1e-6


def _pencils(ta: np.ndarray, tb: np.ndarray, th: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``M0, M1`` for a batch: tables ``ta (B, a-1, b, 2)``, ``tb (B, b-1, a, 2)``, ``th (B, a, b)``."""
    nb, a, b = th.shape
    eye_a, eye_b = np.eye(a), np.eye(b)

    def stack(ma: np.ndarray, mb: np.ndarray, last: np.ndarray) -> np.ndarray:
        # kron(I_a, ma) and kron(mb, I_b) per system, then the bilinear row
        top = np.einsum("ik,nej->niekj", eye_a, ma).reshape(nb, a * (a - 1), a * b)
        mid = np.einsum("nei,jk->nejik", mb, eye_b).reshape(nb, (b - 1) * b, a * b)
        return np.concatenate([top, mid, last.reshape(nb, 1, a * b)], axis=1)

    m0 = stack(ta[..., 0], tb[..., 0], th)
    m1 = stack(ta[..., 1] - ta[..., 0], tb[..., 1] - tb[..., 0], np.zeros_like(th))
    return m0, m1


def real_rank_drops(m0: np.ndarray, m1: np.ndarray, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where tall pencils ``M0 + t M1`` (a batch, ``(B, rows, cols)``) drop rank for real ``t`` in ``[0, 1]``.

    Every such ``t`` is an eigenvalue of the square pencil ``W M0 + t W M1``
    (``W`` random), solved by shift and invert, batched: ``mu = 1 / (t - sigma)``
    are the eigenvalues of ``-(W M0 + sigma W M1)^-1 W M1`` for a random complex
    ``sigma``; ``mu = 0`` is ``t`` at infinity. Each real candidate is checked on
    the full pencil. A matrix singular at ``sigma`` (a singular pencil, or by
    bad luck an eigenvalue next to ``sigma``) flags the system: it proves nothing.

    Returns ``(system, t, singular_values, right_vectors, flagged)``: one entry
    per rank drop found (the full pencil's SVD there, scaled), and the flags.
    """
    nb = m0.shape[0]
    scale = np.maximum(np.abs(m0).reshape(nb, -1).max(axis=1), np.abs(m1).reshape(nb, -1).max(axis=1))
    scale = np.where(scale > 0, scale, 1.0)[:, None, None]
    m0, m1 = m0 / scale, m1 / scale
    cols = m0.shape[2]
    w = rng.normal(size=(cols, m0.shape[1]))
    sigma = complex(rng.normal(), 1.0 + rng.random())
    shifted = w @ m0 + sigma * (w @ m1)
    sv = np.linalg.svd(shifted, compute_uv=False)
    flagged = ~(sv[:, -1] > 1e-10 * sv[:, 0])
    shifted[flagged] = np.eye(cols)
    mu = np.linalg.eigvals(-np.linalg.solve(shifted, w @ m1))
    with np.errstate(divide="ignore", invalid="ignore"):
        t_all = sigma + 1.0 / mu
    cand = (np.abs(mu) > 1e-12) & (np.abs(t_all.imag) <= 1e-6) & (t_all.real >= -1e-8) & (t_all.real <= 1 + 1e-8)
    sys_k, col = np.nonzero(cand & ~flagged[:, None])
    ts = t_all[sys_k, col].real
    if sys_k.size == 0:
        return sys_k, ts, np.zeros((0, min(m0.shape[1:]))), np.zeros((0, cols, cols)), flagged
    _, s, vh = np.linalg.svd(m0[sys_k] + ts[:, None, None] * m1[sys_k])
    drop = s[:, -1] <= 1e-7 * s[:, 0]
    return sys_k[drop], ts[drop], s[drop], vh[drop], flagged


def solve_arrays(ta: np.ndarray, tb: np.ndarray, th: np.ndarray, rng: np.random.Generator
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Real solutions with ``t`` in ``[0, 1]`` of every system, as arrays, and which must go elsewhere.

    The ``t`` are where the pencil drops rank (:func:`real_rank_drops`); its
    kernel there must be a product ``p q'``. Returns ``(system, t, p, q,
    flagged)``: one row per solution of a system that is not flagged (``p``
    and ``q`` scaled to sum to one; their signs are not checked), and the flags.
    """
    _, a, b = th.shape
    m0, m1 = _pencils(ta, tb, th)
    sys_k, ts, s, vh, flagged = real_rank_drops(m0, m1, rng)
    if sys_k.size == 0:
        return sys_k, ts, np.zeros((0, a)), np.zeros((0, b)), flagged
    if s.shape[1] > 1:  # a kernel of dimension > 1 at a candidate: the pencil cannot decide
        flagged[sys_k[s[:, -2] < 1e-7 * s[:, 0]]] = True
    # the kernel must be a product p q' (rank one): all candidates' kernels split at once
    u, sz, v = np.linalg.svd(vh[:, -1].reshape(-1, a, b))
    product = sz[:, 1] <= 1e-6 * sz[:, 0] if sz.shape[1] > 1 else np.ones(len(sz), dtype=bool)
    p, q = u[:, :, 0], v[:, 0, :]
    ps, qs = p.sum(axis=1), q.sum(axis=1)
    keep = product & ~flagged[sys_k] & (np.abs(ps) >= 1e-12) & (np.abs(qs) >= 1e-12)
    return sys_k[keep], ts[keep], p[keep] / ps[keep, None], q[keep] / qs[keep, None], flagged


def _hadamard_ratio(m: np.ndarray, minors: np.ndarray) -> np.ndarray:
    """Largest maximal minor of ``(..., k - 1, k)`` matrices over the product of their row norms (Hadamard's
    bound): near zero exactly when the rows are nearly dependent."""
    bound = np.prod(np.linalg.norm(m, axis=-1), axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bound > 0, np.abs(minors).max(axis=-1) / bound, 0.0)


def solve_univariate(ta: np.ndarray, tb: np.ndarray, th: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`solve_arrays` by one polynomial in ``t`` per system; what it cannot settle is flagged.

    With ``a <= b`` the support sizes of ``p`` and ``q`` (``b`` is ``a`` or
    ``a + 1``; larger gaps are overdetermined). For fixed ``t`` the ``a - 1``
    equations ``A(t) q = 0`` and the ``b - 1`` equations ``B(t) p = 0`` are
    linear, with ``A``, ``B`` linear in ``t``.

    - ``b = a``: where ``A(t)`` has full rank its kernel is ``q(t)``, the
      signed maximal minors (degree ``a - 1``), and likewise ``p(t)``; the
      solutions are the roots of ``p(t)' H q(t)`` (degree ``2 (a - 1)``).
    - ``b = a + 1``: ``B(t)`` is square, so ``t`` is a root of ``det B(t)``
      (degree ``a``), ``p`` its kernel there, and ``q`` the kernel of
      ``A(t)`` stacked on ``p' H``.

    Each polynomial is sampled at roots of unity and interpolated by FFT, its
    roots are companion eigenvalues. A system is flagged (for the pencil) when
    the polynomial vanishes or loses degree, a root near ``[0, 1]`` is one of a
    cluster (a multiple root, see :data:`SEPARATION`), or at a real root in
    ``[0, 1]`` a kernel is not one-dimensional: wherever a solution could hide
    from this construction.
    """
    nb, a, b = th.shape
    if nb == 0 or b not in (a, a + 1):
        return (np.zeros(0, dtype=int), np.zeros(0), np.zeros((0, a)), np.zeros((0, b)), np.ones(nb, dtype=bool))
    from ._plane3 import _kernel

    # A(t) = A0 + t A1: (B, a - 1, b); B(t) = B0 + t B1: (B, b - 1, a)
    a0, a1 = ta[..., 0], ta[..., 1] - ta[..., 0]
    b0, b1 = tb[..., 0], tb[..., 1] - tb[..., 0]
    square = b == a + 1
    deg = a if square else 2 * (a - 1)
    w = np.exp(2j * np.pi * np.arange(deg + 1) / (deg + 1))[None, :, None, None]
    bw = b0[:, None] + w * b1[:, None]  # (B, N, b - 1, a)
    if square:
        vals = np.linalg.det(bw)
        size = np.prod(np.linalg.norm(bw, axis=-1), axis=-1)
    else:
        aw = a0[:, None] + w * a1[:, None]
        pw, qw = _kernel(bw), _kernel(aw)
        vals = ((pw @ th) * qw).sum(axis=-1)
        size = (np.abs(pw).max(axis=-1) * np.abs(qw).max(axis=-1)) * np.abs(th).max(axis=(1, 2))[:, None]
    coef = (np.fft.fft(vals, axis=1) / (deg + 1)).real  # ascending powers of t; real for real tables
    big = np.abs(coef).max(axis=1)
    lead = coef[:, -1]
    flagged = ~(big > 1e-10 * size.max(axis=1)) | ~(np.abs(lead) > 1e-9 * big)
    comp = np.zeros((nb, deg, deg))
    comp[:, np.arange(1, deg), np.arange(deg - 1)] = 1.0
    comp[:, :, -1] = -coef[:, :-1] / np.where(flagged, 1.0, lead)[:, None]
    roots = np.linalg.eigvals(comp)
    # A root of multiplicity k is computed as a cluster of radius about eps^(1/k), possibly all complex:
    # within 0.1 of the interval, a root whose distances to the others multiply to almost nothing is one of a
    # cluster, and the system is flagged. A well separated root is accurate, its imaginary part too.
    near = (np.abs(roots.imag) <= 0.1) & (roots.real >= -0.1) & (roots.real <= 1.1)
    if deg > 1 and near.any():
        size_r = 1 + np.abs(roots)
        factor = np.abs(roots[:, :, None] - roots[:, None, :]) / (size_r[:, :, None] + size_r[:, None, :])
        factor[:, np.arange(deg), np.arange(deg)] = 1.0
        flagged |= (near & (np.prod(factor, axis=2) < SEPARATION)).any(axis=1)
    real = (np.abs(roots.imag) <= 1e-6) & (roots.real >= -1e-8) & (roots.real <= 1 + 1e-8)
    sys_k, col = np.nonzero(real & ~flagged[:, None])
    ts = roots[sys_k, col].real
    bt = b0[sys_k] + ts[:, None, None] * b1[sys_k]
    at = a0[sys_k] + ts[:, None, None] * a1[sys_k]
    if square:
        _, sv, vh = np.linalg.svd(bt)
        p = vh[:, -1]
        ok = sv[:, -2] > 1e-7 * sv[:, 0]  # the kernel is one-dimensional
        stack = np.concatenate([at, (p[:, None, :] @ th[sys_k])], axis=1)
        q = _kernel(stack)
        ok &= _hadamard_ratio(stack, q) > 1e-8
    else:
        p, q = _kernel(bt), _kernel(at)
        ok = (_hadamard_ratio(bt, p) > 1e-8) & (_hadamard_ratio(at, q) > 1e-8)
    flagged[sys_k[~ok]] = True
    ps, qs = p.sum(axis=1), q.sum(axis=1)
    keep = ~flagged[sys_k] & (np.abs(ps) >= 1e-12 * np.abs(p).max(axis=1))
    keep &= np.abs(qs) >= 1e-12 * np.abs(q).max(axis=1)
    return sys_k[keep], ts[keep], p[keep] / ps[keep, None], q[keep] / qs[keep, None], flagged


def solve_batch(ta: np.ndarray, tb: np.ndarray, th: np.ndarray, rng: np.random.Generator
                ) -> tuple[list[list[tuple[float, np.ndarray, np.ndarray]]], np.ndarray]:
    """:func:`solve_arrays` as one list of solutions ``(t, p, q)`` per system, and the flags."""
    sys_k, ts, p, q, flagged = solve_arrays(ta, tb, th, rng)
    out: list[list[tuple[float, np.ndarray, np.ndarray]]] = [[] for _ in range(th.shape[0])]
    for r, k in enumerate(sys_k):
        out[k].append((float(ts[r]), p[r], q[r]))
    return out, flagged
