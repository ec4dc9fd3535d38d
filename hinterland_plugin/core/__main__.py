"""``python -m hinterland_plugin.core <subcommand>``: the command line of the core (see core/cli.py)."""
from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
