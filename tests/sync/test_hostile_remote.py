"""The merge rules and what is shared are this program's, never the remote's (issue 22 item 4).

A hostile or careless clone pushes its own ``.gitattributes`` (a union merge: both sides'
lines kept, duplicate keys, a damaged session), its own ``.gitignore`` (everything shared,
bookkeeping included) or a session whose ``[conflicts]`` table is nested 5,000 deep. Real
git, a bare remote, a third clone made with plain git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.sync.helpers import Team, answer, person, run_cli
from tui.core.assessment import Assessment
from tui.core.storage.reading import read_session
from tui.sync.history import format_history, history


def _eve_pushes(team: Team, name: str, content: str) -> None:
    """Eve, with a plain git clone, commits ``name`` holding ``content`` and pushes it."""
    eve = team.folder("eve")
    if not eve.exists():
        subprocess.run(
            ["git", "clone", "-q", str(team.remote), str(eve)],
            check=True,
            env={**os.environ, **person("Eve")},
        )
    team.git("eve", "pull", "-q")
    (eve / name).write_text(content, encoding="utf-8")
    team.git("eve", "add", "--", name)
    team.git("eve", "commit", "-q", "-m", f"Eve's {name}")
    team.git("eve", "push", "-q", "origin", "HEAD")


def test_a_remote_gitattributes_never_turns_off_the_per_answer_merge(team: Team, bank):
    _eve_pushes(team, ".gitattributes", "*.toml merge=union\n")
    team.sync("ann")
    team.sync("bob")
    assert (team.folder("bob") / ".gitattributes").read_text() == "*.toml merge=union\n"
    answer(bank, team.only_file("ann"), sla_strictness=2)
    answer(bank, team.only_file("bob"), sla_strictness=4)
    team.sync("ann")
    assert team.sync("bob").conflicts == 1
    team.sync("ann")
    for name in ("ann", "bob"):
        conflict = read_session(team.only_file(name)).conflicts["sla-strictness"]
        assert {(a.author, a.value) for a in conflict} == {("Ann", 2), ("Bob", 4)}


def test_a_remote_gitignore_never_shares_the_bookkeeping(team: Team, bank):
    _eve_pushes(team, ".gitignore", "# share everything\n")
    team.sync("ann")
    answer(bank, team.only_file("ann"), sla_strictness=2)  # leaves a backup in .hiring-clarity
    assert list((team.folder("ann") / ".hiring-clarity" / "backups").glob("*.toml"))
    team.sync("ann")
    tracked = team.git("ann", "ls-tree", "-r", "--name-only", "HEAD").split()
    assert not [path for path in tracked if "/" in path], tracked
    team.sync("bob")  # and every other machine still syncs
    assert read_session(team.only_file("bob")).answers["sla-strictness"].value == 2


def test_a_received_session_with_a_damaged_conflicts_table(team: Team, bank):
    name = team.only_file("ann").name
    team.sync("ann")
    good = team.only_file("ann").read_text(encoding="utf-8")
    damaged = good + "\n[conflicts]\nsla-strictness = " + "[" * 5000 + "]" * 5000 + "\n"
    _eve_pushes(team, name, damaged)
    result = team.sync("ann")  # RecursionError before
    assert name in result.received
    env = {**os.environ, **person("Ann"), "HIRING_CLARITY_SESSIONS": str(team.folder("ann"))}
    done = run_cli("sync", env=env)
    assert "Traceback" not in done.stderr, done.stderr
    format_history(history(team.only_file("ann")))  # a traceback before
    done = run_cli("history", name, env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


def test_history_of_a_version_with_a_conflicts_table_of_the_wrong_shape(team: Team, bank):
    name = team.only_file("ann").name
    team.sync("ann")
    good = team.only_file("ann").read_text(encoding="utf-8")
    _eve_pushes(team, name, good + '\nconflicts = "not a table"\n')
    _eve_pushes(
        team, name, good + '\n[conflicts]\nsla-strictness = [1, "x", [2], { choices = 3 }]\n'
    )
    team.sync("ann")
    text = format_history(history(Path(team.folder("ann") / name)))
    assert "Eve" in text or "Dana" in text


def test_a_remote_gitignore_never_hides_a_new_assessment(team: Team, bank):
    _eve_pushes(team, ".gitignore", "*.toml\n")
    team.sync("ann")
    Assessment.start(bank, team.folder("ann"), "A new hire", assessor="Ann")
    team.sync("ann")
    team.sync("bob")
    assert len(list(team.folder("bob").glob("*.toml"))) == 2
