"""``python -m tui`` and the ``hiring-clarity`` command. The collector pauses before any import:
see ``tui.startup``."""

import sys

from tui.startup import pause_collector

pause_collector()


def main() -> int:
    if sys.argv[1:] == ["sync"]:  # the everyday sync: no parsers to build (tui.sync.commands)
        from tui.sync.commands import sync_and_exit

        sync_and_exit()
    from tui.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
