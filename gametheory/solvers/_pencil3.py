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
square one by a random matrix (a true solution stays one); each real candidate
in ``[0, 1]`` is checked on the full pencil and its kernel split into ``p``
and ``q``. A pencil singular for every ``t``, or a kernel of dimension above
one, is flagged so the caller can use another method.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def _pencil(ta: np.ndarray, tb: np.ndarray, th: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``M0, M1`` from tables ``ta (a-1, b, 2)``, ``tb (b-1, a, 2)``, ``th (a, b)``."""
    a, b = th.shape
    ma0, ma1 = ta[..., 0], ta[..., 1] - ta[..., 0]
    mb0, mb1 = tb[..., 0], tb[..., 1] - tb[..., 0]
    eye_a, eye_b = np.eye(a), np.eye(b)
    m0 = np.vstack([np.kron(eye_a, ma0), np.kron(mb0, eye_b), th.reshape(1, -1)])
    m1 = np.vstack([np.kron(eye_a, ma1), np.kron(mb1, eye_b), np.zeros((1, a * b))])
    return m0, m1


def solve_one(ta: np.ndarray, tb: np.ndarray, th: np.ndarray,
              rng: np.random.Generator) -> tuple[list[tuple[float, np.ndarray, np.ndarray]], bool]:
    """Real solutions ``(t, p, q)`` with ``t`` in ``[0, 1]``, and whether the system must go elsewhere."""
    from scipy.linalg import eig

    m0, m1 = _pencil(ta, tb, th)
    scale = max(float(np.abs(m0).max()), float(np.abs(m1).max()), 1e-300)
    m0, m1 = m0 / scale, m1 / scale
    a, b = th.shape
    w = rng.normal(size=(a * b, m0.shape[0]))
    alpha, beta = eig(w @ m0, -(w @ m1), right=False, homogeneous_eigvals=True)
    if np.any((np.abs(alpha) < 1e-10) & (np.abs(beta) < 1e-10)):
        return [], True  # singular pencil: rank deficient for every t
    out = []
    for al, be in zip(alpha, beta):
        if abs(be) < 1e-12 * abs(al):
            continue  # t at infinity
        t = al / be
        if abs(t.imag) > 1e-6 or not -1e-8 <= t.real <= 1 + 1e-8:
            continue
        t = float(t.real)
        mt = m0 + t * m1
        _, s, vh = np.linalg.svd(mt)
        if s[-1] > 1e-7 * s[0]:
            continue
        if len(s) > 1 and s[-2] < 1e-7 * s[0]:
            return [], True  # kernel of dimension > 1 at a candidate
        z = vh[-1].reshape(a, b)
        u, sz, v = np.linalg.svd(z)
        if sz.size > 1 and sz[1] > 1e-6 * sz[0]:
            continue  # not a product p q^T: not a solution
        p, q = u[:, 0], v[0]
        if p.sum() < 0:
            p = -p
        if q.sum() < 0:
            q = -q
        if abs(p.sum()) < 1e-12 or abs(q.sum()) < 1e-12:
            continue
        out.append((t, p / p.sum(), q / q.sum()))
    return out, False
