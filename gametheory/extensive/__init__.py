"""gametheory.extensive (in progress)."""
