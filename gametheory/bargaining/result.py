"""The result type of every bargaining solution."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ._numeric import num_json

__all__ = ["BargainingSolution", "METHODS"]

#: solution names accepted by the command line and :func:`gametheory.bargaining.solve_problem`.
METHODS = ("nash", "kalai-smorodinsky", "egalitarian", "rubinstein", "threats")


@dataclass(frozen=True)
class BargainingSolution:
    """A bargaining outcome with what certifies it.

    Attributes
    ----------
    method : str
        ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"``, ``"rubinstein"`` or ``"threats"``.
    solution : tuple
        One payoff per player (Fractions when exact).
    disagreement : tuple
        The disagreement point used (for ``threats``: the one the optimal threats induce).
    exact : bool
        Whether ``solution`` is exact rational arithmetic.
    certificate : dict
        What proves the answer, e.g. for Nash the supporting line
        (``normal``) and ``max_violation`` = max over frontier vertices ``v``
        of ``normal . (v - solution)`` (``<= 0`` proves optimality).
    players : tuple of str
    weights : tuple
        Bargaining weights (Nash) or the direction (egalitarian).
    details : dict
        Method-specific (ideal point, proposals, threat strategies, ...).
    notes : tuple of str
    """

    method: str
    solution: tuple[Any, Any]
    disagreement: tuple[Any, Any]
    exact: bool
    certificate: dict[str, Any] = field(default_factory=dict)
    players: tuple[str, str] = ("Player 1", "Player 2")
    weights: tuple[Any, Any] = (1, 1)
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def gains(self) -> tuple[Any, Any]:
        """``solution - disagreement``, per player."""
        return (self.solution[0] - self.disagreement[0], self.solution[1] - self.disagreement[1])

    def with_players(self, players: tuple[str, str]) -> BargainingSolution:
        """The same result with player labels."""
        from dataclasses import replace

        return replace(self, players=tuple(players))  # type: ignore[arg-type]

    def to_json(self) -> dict[str, Any]:
        """Stable keys: ``method``, ``players``, ``solution``, ``disagreement``, ``gains``, ``exact``,
        ``solution_exact`` (``"p/q"`` strings or null), ``weights``, ``certificate``, ``details``, ``notes``."""
        return {
            "method": self.method,
            "players": list(self.players),
            "solution": num_json(self.solution),
            "disagreement": num_json(self.disagreement),
            "gains": num_json(self.gains),
            "exact": self.exact,
            "solution_exact": [str(v) if isinstance(v, Fraction) else None for v in self.solution],
            "weights": num_json(self.weights),
            "certificate": _jsonable(self.certificate),
            "details": _jsonable(self.details),
            "notes": list(self.notes),
        }


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, Fraction):
        return float(obj)
    if isinstance(obj, (bool, str)) or obj is None:
        return obj
    if hasattr(obj, "to_json"):
        return obj.to_json()
    try:
        return float(obj)
    except (TypeError, ValueError):
        return str(obj)
