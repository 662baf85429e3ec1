"""A second instance for presence tests: beats for a session until killed or told to stop.

Usage: ``python -m tests.reliability.presence_peer DIR SESSION_ID NAME [CRITERION QUESTION]``.
Prints ``ready`` after its first heartbeat; SIGTERM leaves cleanly (the file is removed).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from tui.core.storage.presence import BEAT_EVERY, Presence


def main() -> None:
    directory, session_id, who, *where = sys.argv[1:]
    presence = Presence(Path(directory), session_id, who)

    def stop(*_: object) -> None:
        presence.leave()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    criterion, question = (where + ["", ""])[:2]
    presence.moved(criterion, question)
    print("ready", flush=True)
    while True:
        time.sleep(BEAT_EVERY)
        presence.beat()


if __name__ == "__main__":
    main()
