"""Saving and reading assessments: everything that touches the sessions folder or the cache.

Layout of a sessions folder::

    sessions/
      <slug>-<id>.toml          one assessment each (0600)
      .hiring-clarity/          the app's own bookkeeping, never listed (0700)
        lock                    fcntl lock held around every read-modify-write
        tmp/                    temporary files of saves in flight (swept under the lock)
        backups/<name>          the previous good version of each session
        damaged/                damaged files set aside when a backup is restored
        deleted/                sessions deleted from the home screen
        recovered/              sessions that could not be saved to their own file
        presence/               one heartbeat file per running app: who else is here

Modules, lowest first (each imports only those above it):

- ``paths``: where the sessions folder is (environment variables).
- ``folders``: bookkeeping folders created private and reached without following a link.
- ``sharing``: a sessions folder shared with a group (file modes), or one open to everyone refused.
- ``atomic``: atomic writes, copies set aside, and the folder lock.
- ``plain_session``: a session built from its TOML without pydantic, when it is plainly valid.
- ``reading``: the one entry point that reads, checks and returns a session (``read_session``).
- ``listing``: the sessions folder as rows (``list_sessions``), in passes, and finding by id.
- ``session_file``: one open session bound to its file: create, save with a revision check
  and a merge of another writer's save, delete.
- ``rescue``: recovery copies: the backup restored, answers kept elsewhere when unsavable.
- ``presence``: heartbeat files of the running apps on an assessment (who else is here).
- ``cache``: a per-user pickle cache of derived data (the bank), never of assessments.
"""
