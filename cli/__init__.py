"""The ``gametheory`` command line (installed as :mod:`gametheory.cli`)."""
