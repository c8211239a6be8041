"""Private kernel: three mixing players, one of them over two strategies, by a linear eigenproblem.

Let player ``h`` mix ``(1 - t, t)`` and the other two mix ``p`` (``a``
strategies) and ``q`` (``b`` strategies). For fixed ``t`` the indifference
equations of ``p``'s owner are linear in ``q``, those of ``q``'s owner linear
in ``p``, and ``h``'s one equation is bilinear in ``(p, q)``. Multiplying the
first block by every ``p_j`` and the second by every ``q_j`` makes all of them
linear in the products ``z = p (x) q``:

    (M0 + t M1) z = 0.

An equilibrium is a ``t`` at which this rectangular pencil has a rank-one
kernel vector. The ``t`` values are eigenvalues of the pencil projected to a
square one by a random matrix (a true solution stays one), all supports of
one shape at once; each real candidate
in ``[0, 1]`` is checked on the full pencil and its kernel split into ``p``
and ``q``. A pencil singular for every ``t``, or a kernel of dimension above
one, is flagged so the caller can use another method.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


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


def solve_batch(ta: np.ndarray, tb: np.ndarray, th: np.ndarray, rng: np.random.Generator
                ) -> tuple[list[list[tuple[float, np.ndarray, np.ndarray]]], np.ndarray]:
    """:func:`solve_arrays` as one list of solutions ``(t, p, q)`` per system, and the flags."""
    sys_k, ts, p, q, flagged = solve_arrays(ta, tb, th, rng)
    out: list[list[tuple[float, np.ndarray, np.ndarray]]] = [[] for _ in range(th.shape[0])]
    for r, k in enumerate(sys_k):
        out[k].append((float(ts[r]), p[r], q[r]))
    return out, flagged
