"""``python -m diplograph`` runs the command line."""

from diplograph.cli import main

if __name__ == "__main__":  # worker processes that re-import __main__ must not run the CLI
    main()
