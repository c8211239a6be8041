"""gametheory.bargaining (in progress)."""
