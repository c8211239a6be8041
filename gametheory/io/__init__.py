"""File formats: Gambit ``.nfg``, JSON, and text tables."""

from .nfg import read_nfg, write_nfg, parse_nfg, format_nfg

__all__ = ["read_nfg", "write_nfg", "parse_nfg", "format_nfg"]
