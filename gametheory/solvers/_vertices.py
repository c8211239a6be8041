"""Vertex enumeration of labelled polytopes ``{z >= 0, M z <= 1}`` (private kernel).

The best-response polytopes of a bimatrix game have this form. Vertices are
found by a breadth-first search over *feasible bases* (sets of ``d`` tight,
linearly independent constraints), the bases of one BFS layer pivoted together
with batched numpy linear algebra, in pieces of bounded size (so memory does
not grow with the layer): from every basis each of the ``d``
constraints is dropped in turn, and the edge is followed to the first
constraint it hits; on ties (degenerate vertices) *every* tied constraint gives
a new basis, so the search reaches every vertex of degenerate polytopes too
(the graph of feasible bases of a polytope is connected).

Duplicate constraints (equal rows, as in games with duplicated strategies) are
merged for the search and their labels restored afterwards, which keeps the
number of bases at such vertices small.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

__all__ = ["SearchExpired", "enumerate_vertices"]

#: A layer of the search is pivoted in pieces of about this many (basis, constraint, direction) entries.
_LAYER_ENTRIES = 2_000_000


class SearchExpired(Exception):
    """The search passed its deadline (see :func:`enumerate_vertices`)."""


def enumerate_vertices(M: np.ndarray, *, tol: float = 1e-9, deadline: float | None = None,
                       progress: Callable[[int], None] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of ``{z in R^d : z >= 0, M z <= 1}`` for a positive matrix ``M`` (k x d).

    Parameters
    ----------
    M : ndarray, shape (k, d)
        Strictly positive, so the polytope is bounded and the origin is a vertex.
    tol : float
        Relative tolerance for tightness and ties.
    deadline : float, optional
        A :func:`time.perf_counter` reading past which the search stops by
        raising :class:`SearchExpired` (checked between pieces of a layer).
    progress : callable, optional
        Called with the number of bases found so far after each layer.

    Returns
    -------
    vertices : ndarray, shape (V, d)
        The vertices (the origin included).
    labels : ndarray of bool, shape (V, d + k)
        ``labels[v, i]`` for ``i < d``: ``z_i = 0``; for ``i = d + j``: row ``j``
        of ``M z <= 1`` is tight.
    bases : ndarray of int, shape (V, d)
        For each vertex, one basis (``d`` tight constraint indices, in the same
        numbering as ``labels``) whose system determines it; used to
        recompute the vertex exactly.

    Examples
    --------
    >>> v, lab, _ = enumerate_vertices(np.array([[1.0, 1.0]]))
    >>> sorted(map(tuple, v.round(6).tolist()))
    [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0)]
    """
    M = np.asarray(M, dtype=float)
    k, d = M.shape
    # Merge duplicate rows of M: identical constraints are one facet with several labels.
    uniq, inverse = np.unique(M, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).ravel()
    ku = uniq.shape[0]
    G = np.vstack([-np.eye(d), uniq])  # constraint rows, G z <= (d zeros, then ku ones)
    K = d + ku
    scale = max(1.0, float(np.abs(uniq).max()))
    eps = tol * scale

    weights = _bit_weights(K)
    frontier = np.arange(d)[None, :]
    z = np.zeros((1, d))
    seen = _keys(frontier, weights)  # kept sorted (union1d): membership by binary search
    found_bases, found_z = [frontier], [z]
    chunk = max(1, _LAYER_ENTRIES // (K * d))
    while len(frontier):
        # a layer in pieces, so memory stays bounded however many bases it holds
        parts = []
        for lo in range(0, len(frontier), chunk):
            if deadline is not None and time.perf_counter() > deadline:
                raise SearchExpired
            parts.append(_pivots(G, uniq, frontier[lo:lo + chunk], z[lo:lo + chunk], eps, weights, seen))
        keys, first = np.unique(np.concatenate([p[0] for p in parts]), return_index=True)
        if not len(keys):
            break
        seen = np.union1d(seen, keys)
        frontier = np.concatenate([p[1] for p in parts])[first]
        z = np.concatenate([p[2] for p in parts])[first]
        found_bases.append(frontier)
        found_z.append(z)
        if progress is not None:
            progress(sum(len(b) for b in found_bases))
    bases = np.sort(np.vstack(found_bases), axis=1)
    z = np.vstack(found_z)
    z[np.abs(z) <= eps] = 0.0
    slack_full = np.concatenate([z, 1.0 - z @ M.T], axis=1)  # original (non-merged) constraints
    labels = np.abs(slack_full) <= eps * 10
    # A vertex of a polytope is determined by its set of tight constraints: one row per set.
    _, first = np.unique(_keys_bool(labels), return_index=True)
    first = np.sort(first)
    z, labels, bases = z[first], labels[first], bases[first]
    # Map merged basis indices back to one original row each.
    rep = np.empty(ku, dtype=np.intp)
    rep[inverse[::-1]] = np.arange(k)[::-1]
    orig_bases = np.where(bases < d, bases, d + rep[np.clip(bases - d, 0, ku - 1)])
    return z, labels, orig_bases


def _pivots(G: np.ndarray, uniq: np.ndarray, frontier: np.ndarray, z: np.ndarray, eps: float,
            weights: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bases one pivot away from ``frontier`` (vertices ``z``) not in ``seen``: their keys, bases and
    vertices."""
    d = G.shape[1]
    inv = np.linalg.inv(G[frontier])  # (F, d, d); inverted afresh, so no error accumulates along paths
    # Dropping basis row t moves along D_t = -inv[:, :, t]; rates of every constraint along it.
    # Rows z >= 0 have rate inv[:, i, t]; rows of M have rate -(M inv)[:, j, t].
    rates = np.concatenate([inv, -np.matmul(uniq, inv)], axis=1)  # (F, K, d)
    slack = np.maximum(np.concatenate([z, 1.0 - z @ uniq.T], axis=1), 0.0)  # (F, K)
    steps = np.full(rates.shape, np.inf)
    np.divide(np.broadcast_to(slack[:, :, None], rates.shape), rates, out=steps, where=rates > eps)
    best = steps.min(axis=1)  # (F, t)
    # Every constraint tied for the first hit gives a basis (degenerate vertices).
    limit = np.where(np.isfinite(best), best + eps * (1.0 + best), -1.0)  # bounded: always finite
    f_idx, j_idx, t_idx = np.nonzero(steps <= limit[:, None, :])
    new = frontier[f_idx]
    new[np.arange(len(new)), t_idx] = j_idx
    keys, first = np.unique(_keys(new, weights), return_index=True)
    at = np.minimum(np.searchsorted(seen, keys), len(seen) - 1)
    fresh = seen[at] != keys
    keys, first = keys[fresh], first[fresh]
    f, t = f_idx[first], t_idx[first]
    moved = z[f] - best[f, t][:, None] * inv[f, :, t]
    return keys, new[first].reshape(-1, d), moved


def _bit_weights(K: int) -> np.ndarray:
    if K <= 62:
        return np.left_shift(np.int64(1), np.arange(K, dtype=np.int64))
    return np.array([1 << i for i in range(K)], dtype=object)


def _keys(bases: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Encode sorted index sets as integers (bitmasks)."""
    return weights[bases].sum(axis=1)


def _keys_bool(mask: np.ndarray) -> np.ndarray:
    return _bit_weights(mask.shape[1])[None, :].repeat(len(mask), 0).__mul__(mask).sum(axis=1) if mask.shape[1] > 62 \
        else mask.astype(np.int64) @ _bit_weights(mask.shape[1])

