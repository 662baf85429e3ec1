"""Git as the sync engine: the sessions folder is a git repository shared through a remote.

Plain Python, never Textual. Everything goes through the ``git`` command (``git.py``), so hooks,
the SSH agent, signing and credential helpers keep working; session files are merged answer by
answer (``merge.py``), by ``sync`` and by a plain ``git pull`` alike.
"""
