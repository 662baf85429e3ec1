"""Pairing in the app (Pilot): who else is here, the marked question, follow, own positions.

The colleague is a ``Presence`` beating from the test itself (a real heartbeat file); two real
app processes and SIGKILL are in tests/reliability/test_presence.py and test_pairing_pty.py.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.app.helpers import focused_card
from tui.app import HiringClarityApp, make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.pairing.positions import position_for
from tui.core.storage.presence import Presence
from tui.core.storage.reading import read_session
from tui.screens.criterion import CriterionScreen
from tui.widgets.presence import PresenceLine
from tui.widgets.question import QuestionCard


def _session(bank: Bank, sessions_dir: Path) -> Path:
    return Assessment.start(bank, sessions_dir, "Pair hire", assessor="Ann").path


async def _until(pilot: Pilot[int], done: object, limit: float = 3.0) -> None:
    for _ in range(int(limit / 0.05)):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.05)
    raise AssertionError("not within the time")


def _line(app: HiringClarityApp) -> str:
    return app.screen.query_one(PresenceLine).text


async def test_presence_line_and_marked_question_then_gone(bank: Bank, sessions_dir: Path) -> None:
    path = _session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, CriterionScreen)
        assert not app.screen.query_one(PresenceLine).display  # alone: nothing shown
        bob = Presence(sessions_dir, app.assessment.session.id, "Bob")  # type: ignore[union-attr]
        shown = [q.id for q in bank.criteria[0].questions if q.show_if is None]
        second = shown[1]  # the second question on screen (a hidden one has no number)
        bob.moved(bank.criteria[0].id, second)
        await _until(pilot, lambda: "Bob" in _line(app))
        assert "Also here: Bob (" in _line(app) and " Q2, active)" in _line(app)
        card = app.screen.query_one(f"#q-{second}", QuestionCard)
        assert card.has_class("-others-here") and card.here == ("Bob",)
        bob.leave()
        await _until(pilot, lambda: _line(app) == "")
        assert not card.has_class("-others-here")
        assert not app.screen.query_one(PresenceLine).display


async def test_follow_goes_where_they_go_and_any_key_stops(bank: Bank, sessions_dir: Path) -> None:
    path = _session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        session_id = app.assessment.session.id  # type: ignore[union-attr]
        bob = Presence(sessions_dir, session_id, "Bob")
        tech = bank.criteria[1]
        bob.moved(tech.id, tech.questions[2].id)
        await _until(pilot, lambda: "Bob" in _line(app))
        await pilot.press("f")
        await _until(
            pilot,
            lambda: (
                isinstance(app.screen, CriterionScreen)
                and app.screen.index == 1
                and (c := focused_card(app)) is not None
                and c.question.id == tech.questions[2].id
            ),
        )
        assert _line(app).startswith("Following Bob (any key stops)")
        # Bob sees that Ann follows him.
        ann = next(p for p in bob.others() if p.who == "Ann")
        assert ann.following == bob.me.instance
        # Bob moves on: Ann's screen goes with him.
        bob.moved(tech.id, tech.questions[0].id)
        await _until(
            pilot,
            lambda: (c := focused_card(app)) is not None and c.question.id == tech.questions[0].id,
        )
        await pilot.press("down")  # a key of Ann's own: following stops
        await _until(pilot, lambda: not _line(app).startswith("Following"))
        bob.moved(bank.criteria[2].id, bank.criteria[2].questions[0].id)
        # Ann's app has seen Bob's move (her presence line says where he is), yet stays.
        await _until(pilot, lambda: f"Bob ({bank.criteria[2].title[:20]}" in _line(app))
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
        assert not [p for p in bob.others() if p.following]
        bob.leave()


async def test_f_alone_says_nobody_to_follow(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    path = _session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _until(pilot, lambda: app.pairing.together is not None)  # presence has ticked
        await pilot.press("f")
        await pilot.pause()
        assert any("Nobody else" in n for n in notices)


async def test_resume_lands_on_my_own_position(bank: Bank, sessions_dir: Path) -> None:
    path = _session(bank, sessions_dir)
    tech, team = bank.criteria[1], bank.criteria[2]
    ann = Assessment.open(bank, path)
    ann.author = "Ann"
    ann.move(tech.id, tech.questions[1].id)
    bob = Assessment.open(bank, path)
    bob.author = "Bob"
    bob.move(team.id, team.questions[0].id)  # the last move of anyone is Bob's
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
        card = focused_card(app)
        assert card is not None and card.question.id == tech.questions[1].id
    saved = read_session(path)
    assert position_for(saved, "Bob").criterion == team.id  # Ann's visit left Bob's place alone


async def test_watch_follows_whoever_drives_read_only(bank: Bank, sessions_dir: Path) -> None:
    path = _session(bank, sessions_dir)
    before = path.read_bytes()
    app = make_app(
        sessions_dir=sessions_dir, resume=path, author="Carol", read_only=True, watching=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        session_id = app.assessment.session.id  # type: ignore[union-attr]
        assert app.assessment is not None and app.assessment.read_only
        bob = Presence(sessions_dir, session_id, "Bob")
        dana = Presence(sessions_dir, session_id, "Dana")
        tech, team = bank.criteria[1], bank.criteria[2]
        dana.moved(team.id, team.questions[0].id)
        bob.moved(tech.id, tech.questions[1].id)
        bob.touched()
        bob.beat()  # Bob pressed a key last: he drives
        await _until(
            pilot,
            lambda: (c := focused_card(app)) is not None and c.question.id == tech.questions[1].id,
        )
        await pilot.press("down")  # a watcher's key does not stop it
        dana.touched()
        dana.beat()  # now Dana drives
        await _until(
            pilot,
            lambda: (c := focused_card(app)) is not None and c.question.id == team.questions[0].id,
        )
        carol = next(p for p in bob.others() if p.who == "Carol")
        assert carol.watching and carol.following == dana.me.instance
        bob.leave()
        dana.leave()
    assert path.read_bytes() == before  # watching writes nothing into the session


def test_plain_mode_resumes_at_my_own_position(bank: Bank, sessions_dir: Path) -> None:
    import io

    from tui.plain.console import Console
    from tui.plain.start import run_plain

    path = _session(bank, sessions_dir)
    first = bank.criteria[0]
    for who, question in (("Ann", first.questions[2]), ("Bob", first.questions[4])):
        assessment = Assessment.open(bank, path)
        assessment.author = who
        assessment.move(first.id, question.id)
    out = io.StringIO()
    assert (
        run_plain(
            bank, sessions_dir, resume=path, author="Ann", console=Console(io.StringIO("q\n"), out)
        )
        == 0
    )
    assert f": {first.questions[2].prompt}" in out.getvalue()  # Ann's, though Bob moved last
    assert first.questions[4].prompt not in out.getvalue()


async def test_going_home_leaves_the_assessment_for_the_others(
    bank: Bank, sessions_dir: Path
) -> None:
    path = _session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        bob = Presence(sessions_dir, app.assessment.session.id, "Bob")  # type: ignore[union-attr]
        await _until(pilot, lambda: [p.who for p in bob.others()] == ["Ann"])
        await pilot.press("escape")  # home: Ann no longer has it open
        await _until(pilot, lambda: bob.others() == [])
        bob.leave()


async def test_a_visitor_named_on_home_is_that_name_to_the_others(
    bank: Bank, sessions_dir: Path
) -> None:
    """A browser tab starts without a name (``user@host``): the Assessor field names it."""
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#assessor").value = "Wendy"  # type: ignore[attr-defined]
        app.screen.query_one("#title").value = "Web hire"  # type: ignore[attr-defined]
        app.screen.query_one("#title").focus()
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, CriterionScreen))
        assessment = app.assessment
        assert assessment is not None
        dana = Presence(sessions_dir, assessment.session.id, "Dana")
        await _until(pilot, lambda: [p.who for p in dana.others()] == ["Wendy"])
        await pilot.press("space")
        await _until(pilot, lambda: bool(read_session(assessment.path).answers))
        saved = read_session(assessment.path)
        assert [a.by for a in saved.answers.values()] == ["Wendy"]
        dana.leave()


async def test_the_key_that_stops_following_only_stops_it(bank: Bank, sessions_dir: Path) -> None:
    """Issue 22 item 10: Space while following answered the question under my name."""
    path = _session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        session_id = app.assessment.session.id  # type: ignore[union-attr]
        bob = Presence(sessions_dir, session_id, "Bob")
        tech = bank.criteria[1]
        target = tech.questions[2].id
        bob.moved(tech.id, target)
        await _until(pilot, lambda: "Bob" in _line(app))
        await pilot.press("f")
        await _until(
            pilot, lambda: (c := focused_card(app)) is not None and c.question.id == target
        )
        assert _line(app).startswith("Following Bob")
        await pilot.press("space")  # only stops following
        await _until(pilot, lambda: not _line(app).startswith("Following"))
        assert target not in read_session(path).answers
        await pilot.press("space")  # now it answers
        await _until(pilot, lambda: target in read_session(path).answers)
        bob.leave()


async def test_a_name_that_looks_like_markup_is_shown_as_typed(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    """A colleague named ``x[/]`` is followed, then leaves: the notice names them as typed
    (shown, not parsed as markup, which would end this app with a MarkupError)."""
    path = _session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        peer = Presence(sessions_dir, app.assessment.session.id, "x[/]")  # type: ignore[union-attr]
        peer.moved(bank.criteria[0].id, bank.criteria[0].questions[0].id)
        await _until(pilot, lambda: "x[/]" in _line(app))
        await pilot.press("f")
        await _until(pilot, lambda: _line(app).startswith("Following x[/]"))
        peer.leave()
        await _until(pilot, lambda: any("x[/] left" in n for n in notices))
        await _until(pilot, lambda: bool(app.screen.query("Toast")))  # the toast is drawn
        assert app.is_running and app.return_code is None
