"""Private kernel: every isolated solution of batches of multilinear systems by homotopy continuation.

The indifference system of a support profile with ``g`` mixing players has one
block of equations per player ``i``, each equation multilinear in the mixed
strategies of the other mixing players. In homogeneous coordinates
``X_j in C^{k_j}`` (one random affine patch ``c_j . X_j = 1`` per player) the
system is square, and its isolated solutions number at most the
multihomogeneous Bezout number: the count of ways to give every equation one
of the players it depends on, player ``j`` receiving exactly ``k_j - 1``.

The start system replaces each equation by a product of random linear forms,
one per player it depends on, so its solutions are known: one linear solve per
player for every such assignment. The paths of ``(1 - t) gamma G + t F`` are
tracked on numpy arrays, all paths of all supports of one shape at once
(Euler predictor, Newton corrector, step control per path). With a random
complex ``gamma`` the paths do not meet before ``t = 1``, so every isolated
solution is the end of some path. Ends that are singular, repeated, or not
reached are reported, so the caller can fall back to exact elimination.
"""

from __future__ import annotations

import functools
import string
from typing import Any

import numpy as np

__all__: list[str] = []


def assignments(owners: list[int], sizes: list[int]) -> tuple[tuple[int, ...], ...]:
    """Every map equation -> group (not its owner) giving group ``j`` exactly ``sizes[j] - 1`` equations."""
    return _assignments(tuple(owners), tuple(sizes))


@functools.lru_cache(maxsize=256)
def _assignments(owners: tuple[int, ...], sizes: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    # one recursion per shape, however many batches of that shape are solved
    cap = [k - 1 for k in sizes]
    out: list[tuple[int, ...]] = []
    cur: list[int] = []

    def rec(e: int) -> None:
        if e == len(owners):
            if all(c == 0 for c in cap):
                out.append(tuple(cur))
            return
        remaining = len(owners) - e
        if sum(cap) < remaining:
            return
        for j in range(len(sizes)):
            if j != owners[e] and cap[j] > 0:
                cap[j] -= 1
                cur.append(j)
                rec(e + 1)
                cur.pop()
                cap[j] += 1

    rec(0)
    return tuple(out)


class MultilinearBatch:
    """A batch of square multilinear systems of one shape, solved together.

    Parameters
    ----------
    sizes : list of int
        ``k_j``, the number of homogeneous coordinates of each group.
    tensors : list of ndarray
        One per group ``i``: shape ``(B, k_i - 1, *[k_j for j != i])``, the
        coefficients of group ``i``'s equations for every system of the batch.
    """

    def __init__(self, sizes: list[int], tensors: list[np.ndarray], seed: int = 0) -> None:
        self.sizes = list(sizes)
        self.g = len(sizes)
        self.batch = np.asarray(tensors[0]).shape[0]
        # each system scaled so its largest coefficient is 1 (solutions unchanged)
        scale = np.max([np.abs(np.asarray(t, dtype=float)).reshape(self.batch, -1).max(axis=1) for t in tensors],
                       axis=0)
        scale[scale == 0] = 1.0
        self.tensors = [np.asarray(t, dtype=complex) / scale.reshape((-1,) + (1,) * (np.ndim(t) - 1))
                        for t in tensors]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.K = int(self.offsets[-1])
        self.owners = [i for i in range(self.g) for _ in range(sizes[i] - 1)]
        self._rows = [np.flatnonzero(np.array(self.owners) == i) for i in range(self.g)]
        self._gathered: tuple[np.ndarray, list[Any]] | None = None
        self._rng = np.random.default_rng(seed)
        self.patch = [self._crand(k) for k in sizes]
        self._tracking = False  # the start system, drawn from the same generator when first needed

    def _crand(self, *shape: int) -> np.ndarray:
        return self._rng.normal(size=shape) + 1j * self._rng.normal(size=shape)

    def _prepare_tracking(self) -> None:
        """The start system's linear forms and the tracker's index tables. Left out of the constructor:
        callers that only use :meth:`refine` (Newton on candidates from elsewhere) build batches of
        one or a few systems, for which they cost several times the rest."""
        if self._tracking:
            return
        self._tracking = True
        sizes = self.sizes
        self.lin = [[self._crand(sizes[j]) for j in range(self.g)] for _ in self.owners]  # lin[e][j]
        self.gamma = np.exp(2j * np.pi * self._rng.random())
        self._lin_t = [np.array([self.lin[e][j] for e in range(len(self.owners))]).T.reshape(sizes[j], -1)
                       for j in range(self.g)]
        self._own_mask = [np.array([o == j for o in self.owners], dtype=bool) for j in range(self.g)]
        n_eq = len(self.owners)
        # all start linear forms in one matrix: (x @ _lin_all)[p, j * n_eq + e] = lin[e][j] . X_j
        self._lin_all = np.zeros((self.K, self.g * n_eq), dtype=complex)
        for j in range(self.g):
            self._lin_all[self.offsets[j]:self.offsets[j + 1], j * n_eq:(j + 1) * n_eq] = self._lin_t[j]
        self._own_all = np.array(self._own_mask)
        self._col_group = np.repeat(np.arange(self.g), sizes)
        # _lin_full[e, column of X_j] = lin[e][j], zero in the equation's own group
        self._lin_full = np.where(self._own_all[self._col_group].T, 0.0, self._lin_all.reshape(
            self.K, self.g, n_eq).sum(axis=1).T)
        letters = string.ascii_uppercase[:self.g]
        self._ein_f = []
        self._ein_j = []
        for i in range(self.g):
            others = [j for j in range(self.g) if j != i]
            t_sub = "pe" + "".join(letters[j] for j in others)
            vecs = ["p" + letters[j] for j in others]
            self._ein_f.append(",".join([t_sub, *vecs]) + "->pe")
            self._ein_j.append({j: ",".join([t_sub, *[v for v, o in zip(vecs, others) if o != j]]) + "->pe" + letters[j]
                                for j in others})

    # ---------------------------------------------------------------- systems
    def _split(self, x: np.ndarray) -> list[np.ndarray]:
        return [x[:, self.offsets[j]:self.offsets[j + 1]] for j in range(self.g)]

    def target(self, x: np.ndarray, sys_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """F and its Jacobian (game equations only) at points ``x`` of systems ``sys_idx``.

        Evaluated directly from the tensors, independently of the tracker's
        blockwise :meth:`_h`, so the ends of paths can be checked against it.
        """
        self._prepare_tracking()
        xs = self._split(x)
        p = x.shape[0]
        f = np.empty((p, self.K - self.g), dtype=complex)
        jac = np.zeros((p, self.K - self.g, self.K), dtype=complex)
        row = 0
        for i in range(self.g):
            t = self.tensors[i][sys_idx]
            others = [j for j in range(self.g) if j != i]
            ni = self.sizes[i] - 1
            f[:, row:row + ni] = np.einsum(self._ein_f[i], t, *[xs[j] for j in others])
            for j in others:
                jac[:, row:row + ni, self.offsets[j]:self.offsets[j + 1]] = np.einsum(
                    self._ein_j[i][j], t, *[xs[o] for o in others if o != j])
            row += ni
        return f, jac

    def start_solutions(self) -> np.ndarray:
        self._prepare_tracking()
        sols = []
        for a in assignments(self.owners, self.sizes):
            x = []
            for j in range(self.g):
                rows = [self.lin[e][j] for e, jj in enumerate(a) if jj == j] + [self.patch[j]]
                rhs = np.zeros(self.sizes[j], dtype=complex)
                rhs[-1] = 1
                x.append(np.linalg.solve(np.array(rows), rhs))
            sols.append(np.concatenate(x))
        return np.array(sols).reshape(-1, self.K)

    def _h(self, x: np.ndarray, t: np.ndarray, sys_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``H = gamma (1 - t) G + t F`` with the patch equations, its Jacobian in ``x`` and its ``t``-derivative.

        Built block by block: the equations of group ``i`` depend on group
        ``j != i`` only, through ``t A_ij + gamma (1 - t) R_ij L_j`` (``A_ij``
        the target's partial derivative, ``R_ij`` the start product without
        group ``j``'s factor, ``L_j`` its linear forms).
        """
        self._prepare_tracking()
        p = x.shape[0]
        n_eq = len(self.owners)
        xs = self._split(x)
        tens = self._tensors_of(sys_idx)
        a = self.gamma * (1 - t)
        vals = (x @ self._lin_all).reshape(p, self.g, n_eq)
        vals = np.where(self._own_all, 1.0, vals)
        # rest[:, j]: the product of the start system's linear forms of the groups other than j (prefix
        # times suffix products: no division by a form that may vanish)
        prefix = [np.ones((p, n_eq), dtype=complex)]
        for j in range(self.g - 1):
            prefix.append(prefix[-1] * vals[:, j])
        rest = np.empty_like(vals)
        suffix = np.ones((p, n_eq), dtype=complex)
        for j in range(self.g - 1, -1, -1):
            rest[:, j] = prefix[j] * suffix
            suffix = suffix * vals[:, j]
        gg = vals[:, 0] * rest[:, 0]
        f = np.empty((p, n_eq), dtype=complex)
        full = np.empty((p, self.K), dtype=complex)
        jac = np.zeros((p, self.K, self.K), dtype=complex)
        self._patch_rows(xs, full, jac)
        krons: dict[Any, np.ndarray] = {}
        for i in range(self.g):
            r0, r1 = int(self._rows[i][0]), int(self._rows[i][-1]) + 1
            f[:, r0:r1], parts = self._partials(tens, xs, i, krons)
            for j, part in parts.items():
                jac[:, r0:r1, self.offsets[j]:self.offsets[j + 1]] = part
        # the start system's derivative in every block at once: a rest[j] lin[e][j] in group j's columns
        jac[:, :n_eq] *= t[:, None, None]
        jac[:, :n_eq] += (a[:, None, None] * rest[:, self._col_group, :].transpose(0, 2, 1)) * self._lin_full
        full[:, :n_eq] = a[:, None] * gg + t[:, None] * f
        ht = np.zeros((p, self.K), dtype=complex)
        ht[:, :n_eq] = f - self.gamma * gg
        return full, jac, ht

    def _tensors_of(self, sys_idx: np.ndarray) -> list[Any]:
        """The systems' tensors for each point (with four or more groups, per group the list of its
        tensor's copies with each other group's axis first). The same systems are evaluated several
        times per step: gathered once, keyed on the index array itself (callers build it afresh, never
        modify it)."""
        if self._gathered is None or self._gathered[0] is not sys_idx:
            tens = [tt[sys_idx] for tt in self.tensors]
            if self.g > 3:  # for :meth:`_partials`: each other group's axis moved forward, contiguous
                tens = [[np.ascontiguousarray(np.moveaxis(t, 2 + a, 2)) for a in range(self.g - 1)] for t in tens]
            self._gathered = (sys_idx, tens)
        return self._gathered[1]

    def _patch_rows(self, xs: list[np.ndarray], full: np.ndarray, jac: np.ndarray) -> None:
        """The patch equations ``c_j . X_j = 1`` and their Jacobian rows, in place (the patch is read each
        time: callers may set their own, see _polynomial_supports.polish)."""
        n_eq = len(self.owners)
        for j in range(self.g):
            jac[:, n_eq + j, self.offsets[j]:self.offsets[j + 1]] = self.patch[j]
            full[:, n_eq + j] = xs[j] @ self.patch[j] - 1

    def _partials(self, tens: list[Any], xs: list[np.ndarray], i: int, krons: dict[Any, np.ndarray] | None = None
                  ) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        """Group ``i``'s equations and their derivatives in each other group ``j`` (``(P, k_i - 1, k_j)``).

        By batched matrix products, which numpy runs much faster than ``einsum``; two and three groups
        (every three-player support) by hand.
        """
        others = [j for j in range(self.g) if j != i]
        t = tens[i]
        if self.g == 2:
            (j,) = others
            return (t @ xs[j][:, :, None])[..., 0], {j: t}
        if self.g == 3:
            j, m = others
            part_j = (t @ xs[m][:, None, :, None])[..., 0]  # contract the last group
            part_m = (xs[j][:, None, None, :] @ t)[:, :, 0, :]
            return (part_j @ xs[j][:, :, None])[..., 0], {j: part_j, m: part_m}
        # more groups: per partial, that group's axis moved forward (see _tensors_of) and the others contracted
        # at once with the Kronecker product of their coordinates, which the partial of group j in group i's
        # equations shares with that of i in j's (``krons``: one per pair, kept for the caller's other groups)
        krons = {} if krons is None else krons
        parts = {}
        for a, j in enumerate(others):
            pair = (min(i, j), max(i, j))
            if pair not in krons:
                rest = [o for o in range(self.g) if o not in pair]
                kron = xs[rest[0]]
                for o in rest[1:]:
                    kron = (kron[:, :, None] * xs[o][:, None, :]).reshape(kron.shape[0], -1)
                krons[pair] = kron[:, :, None]
            arr = t[a]
            p, rows, kj = arr.shape[:3]
            parts[j] = (arr.reshape(p, rows * kj, -1) @ krons[pair]).reshape(p, rows, kj)
        j0 = others[0]
        return (parts[j0] @ xs[j0][:, :, None])[..., 0], parts

    def _f(self, x: np.ndarray, sys_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The target system with the patch equations (``H`` at ``t = 1``) and its Jacobian: what
        :meth:`_h` gives there, without the start system's terms."""
        p = x.shape[0]
        xs = self._split(x)
        tens = self._tensors_of(sys_idx)
        full = np.empty((p, self.K), dtype=complex)
        jac = np.zeros((p, self.K, self.K), dtype=complex)
        self._patch_rows(xs, full, jac)
        krons: dict[Any, np.ndarray] = {}
        for i in range(self.g):
            r0, r1 = int(self._rows[i][0]), int(self._rows[i][-1]) + 1
            full[:, r0:r1], parts = self._partials(tens, xs, i, krons)
            for j, part in parts.items():
                jac[:, r0:r1, self.offsets[j]:self.offsets[j + 1]] = part
        return full, jac

    # ---------------------------------------------------------------- tracking
    def solve(self, max_iter: int = 4000, first_tol: float = 5e-3, max_step: float = 0.25,
              paths: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Track every path of every system (or the ``paths`` given).

        Path ``p`` is system ``p // S``'s path from start solution ``p % S`` (``S`` start solutions per
        system); ``paths`` selects some, in order. Returns ``(points, system_index, ok)``: the end
        points (homogeneous coordinates, shape ``(P, K)``), the system each path belongs to, and
        whether the path reached ``t = 1`` at a non-singular solution.
        """
        starts = self.start_solutions()
        nstart = starts.shape[0]
        if nstart == 0:
            return np.zeros((0, self.K), complex), np.zeros(0, int), np.zeros(0, bool)
        x = np.tile(starts, (self.batch, 1))
        sys_idx = np.repeat(np.arange(self.batch), nstart)
        if paths is not None:
            x, sys_idx = x[paths], sys_idx[paths]
        p = x.shape[0]
        t = np.zeros(p)
        h = np.full(p, 0.05)
        failed = np.zeros(p, dtype=bool)
        for _ in range(max_iter):
            act = np.flatnonzero((t < 1.0) & ~failed)
            if act.size == 0:
                break
            xa, ta, ha, sa = x[act], t[act], h[act], sys_idx[act]
            hstep = np.minimum(ha, 1.0 - ta)
            def tangent(xx: np.ndarray, tt: np.ndarray, sa: np.ndarray = sa) -> np.ndarray:
                _, jj, ht = self._h(xx, tt, sa)
                return _safe_solve(jj, -ht)

            hs = hstep[:, None]
            k1 = tangent(xa, ta)
            k2 = tangent(xa + 0.5 * hs * k1, ta + 0.5 * hstep)
            k3 = tangent(xa + 0.5 * hs * k2, ta + 0.5 * hstep)
            k4 = tangent(xa + hs * k3, ta + hstep)
            xn = xa + hs * (k1 + 2 * k2 + 2 * k3 + k4) / 6
            tn = ta + hstep
            ok = np.ones(act.size, dtype=bool)
            for it in range(2):
                res, jac, _ = self._h(xn, tn, sa)
                corr = _safe_solve(jac, -res)
                xn = xn + corr
                cn = np.linalg.norm(corr, axis=1) / (1.0 + np.linalg.norm(xn, axis=1))
                if it == 0:
                    first = cn
            ok = np.isfinite(cn) & (first < first_tol) & (cn <= 0.1 * first + 1e-13)
            good = act[ok]
            x[good] = xn[ok]
            t[good] = tn[ok]
            t[good[t[good] > 1.0 - 1e-14]] = 1.0
            # next step from the predictor's error (the first correction, fifth order for RK4): aim at a
            # tenth of the tolerance, at most doubling; fewer rejected steps than always doubling
            grow = np.clip(0.9 * (0.1 * first_tol / np.maximum(first[ok], 1e-300)) ** 0.2, 0.5, 2.0)
            h[good] = np.minimum(ha[ok] * grow, max_step)
            bad = act[~ok]
            h[bad] = ha[~ok] * 0.5
            failed[bad[h[bad] < 1e-9]] = True
        failed |= t < 1.0
        x, good = self.refine(x, sys_idx)
        return x, sys_idx, ~failed & good

    def refine(self, x: np.ndarray, sys_idx: np.ndarray, iterations: int = 4,
               drop_stalled: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Newton's method on the target systems; returns the points and which are converged non-singular
        solutions.

        A point counts only if its last Newton step was at rounding level: an ill-conditioned root can
        have a tiny residual yet be far off, and two such copies of one root must not pass as two
        solutions. Points stop iterating once converged. With ``drop_stalled``, a point whose step
        did not shrink at least fourfold stops too, unconverged: for starting points of which many are
        no solution at all (callers that count the solutions found, so a dropped one is never missed
        silently).
        """
        p = x.shape[0]
        x = np.array(x, dtype=complex)
        last = np.full(p, np.inf)  # relative size of each point's last Newton step
        active = np.arange(p)
        with np.errstate(all="ignore"):
            for _ in range(iterations):
                if active.size == 0:
                    break
                res, jac = self._f(x[active], sys_idx[active])
                step = _safe_solve(jac, -res)
                x[active] += step
                before = last[active]
                last[active] = np.linalg.norm(step, axis=1) / (1 + np.linalg.norm(x[active], axis=1))
                keep = np.isfinite(last[active]) & (last[active] > 1e-13)
                if drop_stalled:
                    keep &= ~(last[active] > 0.25 * before)
                active = active[keep]
            ok = np.isfinite(last) & (last <= 1e-11) & np.all(np.isfinite(x), axis=1)
            idx = np.flatnonzero(ok)
            if idx.size:
                res, jac = self._f(x[idx], sys_idx[idx])
                sv = np.linalg.svd(jac, compute_uv=False)
                good = np.all(np.isfinite(sv), axis=1) & (sv[:, -1] > 1e-10 * sv[:, 0])
                good &= np.linalg.norm(res, axis=1) < 1e-8 * (1 + np.linalg.norm(x[idx], axis=1))
                ok[idx] = good
        return x, ok


def _safe_solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan, dtype=complex)
        for k in range(a.shape[0]):
            try:
                out[k] = np.linalg.solve(a[k], b[k])
            except np.linalg.LinAlgError:
                pass
        return out


def mhb_count(sizes: list[int]) -> int:
    """The multihomogeneous Bezout number of a support system with these group sizes."""
    owners = [i for i in range(len(sizes)) for _ in range(sizes[i] - 1)]
    return len(assignments(owners, sizes))

