"""Tests of the result type: equality and hashing leave the lazily built exact values alone."""

from __future__ import annotations

import pickle

from gametheory.solvers.result import Equilibrium


def _equilibrium(symbolic):
    return Equilibrium(((0.5, 0.5),), (1.0,), 0.0, False, ("P",), (("a", "b"),), None, symbolic)


def test_equality_and_hash_do_not_build_the_exact_values():
    calls = []

    def build():
        calls.append(1)
        return (("1/2", "1/2"),)

    lazy, plain = _equilibrium(build), _equilibrium(None)
    assert lazy == plain and hash(lazy) == hash(plain) and len({lazy, plain}) == 1 and not calls
    assert lazy != Equilibrium(((0.25, 0.75),), (1.0,), 0.0, False, ("P",), (("a", "b"),))
    assert lazy.profile_symbolic == (("1/2", "1/2"),) and lazy.profile_symbolic is lazy.profile_symbolic
    assert calls == [1]  # built once, on first read
    assert pickle.loads(pickle.dumps(_equilibrium(build))).profile_symbolic == (("1/2", "1/2"),)
    assert _equilibrium(None).profile_symbolic is None and (lazy == "not an equilibrium") is False
