"""Game types: normal-form games (and, as they land, trees and symbolic games)."""

from .normal_form import NormalFormGame, Profile

__all__ = ["NormalFormGame", "Profile"]
