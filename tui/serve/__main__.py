"""``python -m tui.serve OPTIONS``: the SSH server's lean process (see ``tui.serve.sshd``)."""

import sys

from tui.serve.sshd import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
