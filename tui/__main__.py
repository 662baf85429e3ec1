"""``python -m tui`` and the ``hiring-clarity`` command. The collector pauses before any import:
see ``tui.startup``."""

import sys

from tui.startup import pause_collector

pause_collector()


def main() -> int:
    if sys.argv[1:] == ["sync"]:  # the everyday sync: git starts before the rest is loaded
        from tui.core.storage.paths import sessions_folder
        from tui.sync.spawn import start_sync

        started = start_sync(sessions_folder())
        from tui.sync.commands import sync_and_exit

        sync_and_exit(started)
    from tui.cli.main import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
