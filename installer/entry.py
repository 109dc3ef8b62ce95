"""PyInstaller entry point: the same dispatcher as ``python -m picproof``."""

import multiprocessing
import sys

from picproof.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # spawned scan workers re-enter here
    sys.exit(main())
