"""``python -m tui`` and the ``hiring-clarity`` command. The collector pauses before any import:
see ``tui.startup``."""

import sys

from tui.startup import pause_collector

pause_collector()

from tui.cli import main  # noqa: E402 - imported with the collector paused, on purpose

if __name__ == "__main__":
    sys.exit(main())
