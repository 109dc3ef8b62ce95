"""``python -m picproof``: the CLI, or the desktop app when no command is given."""

import multiprocessing
import sys

from picproof.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
