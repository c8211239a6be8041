"""``python -m gametheory`` runs the command line."""

from gametheory.cli.main import main

if __name__ == "__main__":
    main()
