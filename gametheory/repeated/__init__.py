"""gametheory.repeated (in progress)."""
