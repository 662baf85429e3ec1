"""The side panel at 80x24 and the answers the choices widget refuses, driven through the app."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import focused_card, panel_text
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.widgets.panel import RecommendationPanel


def leaning_session(bank: Bank, sessions_dir: Path) -> Path:
    """Leans Flask on four answers, so some open questions could flip it."""
    assessment = Assessment.start(bank, sessions_dir, "Leaning")
    assessment.answer("primary-outcome", Answer(choice="mvp"))
    assessment.answer("strength-needed", Answer(choice="framework-depth"))
    assessment.answer("existing-flask", Answer(choice="flask-chosen"))
    assessment.answer("release-window", Answer(choice="fixed-soon"))
    return assessment.path


async def test_panel_at_80x24_shows_verdict_strength_and_what_could_flip_it(
    bank: Bank, sessions_dir: Path
) -> None:
    """The seven panel lines an 80x24 terminal shows hold the verdict, its strength, the
    must-have skills and the open questions that could change it; clicking one jumps to it,
    in its own section."""
    path = leaning_session(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rec = app.assessment.recommendation  # type: ignore[union-attr]
        assert rec.headline == "Leans Flask specialist"
        panel = app.screen.query_one(RecommendationPanel)
        visible = panel_text(app).splitlines()[: panel.scrollable_content_region.height]
        assert visible[0] == "Leans Flask specialist"
        assert "moderate" in visible[1]
        assert rec.could_flip
        assert any("Not settled:" in line for line in visible[2:5]), visible  # under the must-haves
        links = [
            (y, line.question_id)
            for y, line in enumerate(panel._shown)
            if line.question_id
            and y < panel.scrollable_content_region.height
            and bank.criterion_of(line.question_id) is not bank.criteria[0]
        ]
        assert links, panel_text(app)  # a link to a question of another section, on screen
        y, target = links[0]
        await pilot.click("#panel-body", offset=(4, y))
        await pilot.pause()
        await pilot.pause()
        card = focused_card(app)
        assert card is not None and card.question.id == target
    assert read_session(path).position.question == target


async def test_pick_up_to_three_is_enforced_by_the_widget(bank: Bank, sessions_dir: Path) -> None:
    """A fourth priority is refused (with a bell and a notice); the three stay saved."""
    app = make_app(sessions_dir=sessions_dir, new=("Priorities", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.goto_question("scorecard-priorities")
        await pilot.pause()
        assert focused_card(app).question.id == "scorecard-priorities"  # type: ignore[union-attr]
        await pilot.press("space", "down", "space", "down", "space", "down", "space")
        await pilot.pause()
        path = app.assessment.path  # type: ignore[union-attr]
        saved = app.assessment.session.answers["scorecard-priorities"]  # type: ignore[union-attr]
        assert saved.choices == ["flask-craft", "concurrency", "data-caching"]
    assert read_session(path).answers["scorecard-priorities"].choices == [
        "flask-craft",
        "concurrency",
        "data-caching",
    ]


async def test_an_exclusive_option_stands_alone(bank: Bank, sessions_dir: Path) -> None:
    """Ticking 'None identified yet' clears the other constraints; ticking one clears it."""
    app = make_app(sessions_dir=sessions_dir, new=("Exclusive", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.goto_question("outcome-constraints")
        await pilot.pause()
        answers = app.assessment.session.answers  # type: ignore[union-attr]
        await pilot.press("space", "end", "space")
        await pilot.pause()
        answers = app.assessment.session.answers  # type: ignore[union-attr]
        assert answers["outcome-constraints"].choices == ["none-yet"]
        await pilot.press("home", "space")
        await pilot.pause()
        answers = app.assessment.session.answers  # type: ignore[union-attr]
        assert answers["outcome-constraints"].choices == ["launch-date"]


def test_every_question_that_could_flip_it_is_a_link(bank: Bank) -> None:
    """The first three are right under the verdict, the others end the panel; each links to
    its question, and 'settled' shows only when none could change it."""
    from tui.core.verdict.engine import recommend
    from tui.widgets.panel import FLIPS_SHOWN, panel_lines

    session = read_session(Path(__file__).parents[1] / "fixtures" / "scenarios" / "payments.toml")
    rec = recommend(bank, session.answers)
    assert len(rec.could_flip) > FLIPS_SHOWN
    lines = panel_lines(rec)
    linked = [line.question_id for line in lines if line.question_id]
    assert linked == [s.question_id for s in rec.could_flip]
    assert not any("Settled" in line.text for line in lines)
    settled = recommend(
        bank,
        read_session(Path(__file__).parents[1] / "fixtures" / "docs" / "settled.toml").answers,
    )
    assert any(line.text.startswith("\u2713 Settled") for line in panel_lines(settled))


async def test_panel_at_80x24_shows_the_must_have_skills(bank: Bank, sessions_dir: Path) -> None:
    """Under the verdict and its strength, the must-have skills are on screen at 80x24; the
    rest of the panel scrolls with ] and [."""
    app = make_app(sessions_dir=sessions_dir, resume=leaning_session(bank, sessions_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rec = app.assessment.recommendation  # type: ignore[union-attr]
        must = rec.skills_at("must")
        assert must, "four answers already name must-have skills"
        panel = app.screen.query_one(RecommendationPanel)
        height = panel.scrollable_content_region.height
        visible = " ".join(panel_text(app).splitlines()[:height])
        assert visible.startswith("Leans Flask specialist")
        assert "Must have:" in visible
        assert all(skill.name.split()[0] in visible for skill in must)
        assert panel.scroll_y == 0
        await pilot.press("right_square_bracket")
        assert panel.scroll_y > 0
        await pilot.press("left_square_bracket")
        assert panel.scroll_y == 0


async def test_panel_lines_fit_once_its_scrollbar_appears(bank: Bank, sessions_dir: Path) -> None:
    """The panel wraps its own text; when it grows a scrollbar the text must be wrapped again
    to the narrower width, not cut again by Textual (which left one word on a line of its own:
    "-> Which constraints follow from" / "the" / "  business outcome?")."""
    path = Assessment.start(bank, sessions_dir, "Growing").path
    app = make_app(sessions_dir=sessions_dir, resume=path)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one(RecommendationPanel)
        body = panel.query_one("#panel-body")
        assert panel.max_scroll_y == 0, "no answer yet: the panel fits"
        await pilot.press("down", "space")  # the panel grows past its height
        await pilot.pause()
        assert panel.max_scroll_y > 0, "the panel should overflow at 100x30"
        lines = str(body.render()).splitlines()
        assert max(len(line) for line in lines) <= body.content_region.width


async def test_the_verdict_is_not_drawn_in_the_error_colour_in_16_colours(
    bank: Bank, sessions_dir: Path
) -> None:
    """In a 16-colour terminal the verdict must not share the error colour (bright red reads
    as a failure): panel headline and summary headline, in every built-in theme."""
    from rich.color import Color, ColorSystem

    from tui.core.verdict.engine import recommend
    from tui.screens.summary import SummaryScreen
    from tui.widgets.panel import panel_lines

    started = Assessment.start(bank, sessions_dir, "Colour hire")
    started.answer("primary-outcome", Answer(choice="mvp"))
    headline_style = panel_lines(recommend(bank, started.session.answers))[0].style
    variable = next(token[1:] for token in headline_style.split() if token.startswith("$"))
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def standard(colour: str) -> int | None:
            return Color.parse(colour[:7]).downgrade(ColorSystem.STANDARD).number

        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            variables = app.get_css_variables()
            error = standard(variables["error"])
            assert standard(variables[variable]) != error, f"panel verdict red in {theme}"
            app.push_screen(SummaryScreen(app.assessment))
            await pilot.pause()
            verdict = app.screen.query_one("#summary-verdict").styles.color
            assert standard(verdict.hex) != error, f"summary verdict red in {theme}"
            app.pop_screen()
            await pilot.pause()


def test_changed_panel_lines_are_refreshed_in_runs() -> None:
    """Lines a short gap apart share one region; lines far apart keep their own; a run is
    never longer than from its first changed line to its last."""
    from tui.widgets.panel import RUN_GAP, line_runs

    assert line_runs([]) == []
    assert line_runs(list(range(5, 125))) == [(5, 120)]
    near = 9 + RUN_GAP + 1
    assert line_runs([near, 2, 9, 3]) == [(2, 2), (9, near - 9 + 1)]
    far = 9 + RUN_GAP + 2
    assert line_runs([9, far]) == [(9, 1), (far, 1)]
