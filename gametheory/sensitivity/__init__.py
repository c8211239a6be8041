"""gametheory.sensitivity (in progress)."""
