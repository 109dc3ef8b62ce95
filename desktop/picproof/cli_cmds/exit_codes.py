"""The command line's exit codes, in one place (a contract: scripts test them).

0 success, 1 a check failed (e.g. ``verify``), 2 usage error, 3 bad input, 4 an environment problem
(database, network, disk).
"""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_BAD_INPUT: Final = 3
EXIT_ENVIRONMENT: Final = 4
