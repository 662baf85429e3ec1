"""``python -m tui`` does what the ``hiring-clarity`` command does."""

import sys

from tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
