"""The help screen: what the app is for and every key.

The key table is written by hand, not generated: the keys live on the app, four screens and
two widgets, and a table grouped by task reads better than their binding descriptions. When
a binding changes, change its row here (and in the README).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# hiring-clarity

Answer the questions of each section (the four hiring-clarity criteria) and watch
the panel beside them (below them on narrow terminals): it shows the recommended role
(**Flask specialist**, **backend generalist** or **either**), how sure it is, why, and
which Python backend skills the hire needs. Every answer is saved the moment you give it;
quit any time and resume later.

## Keys

| key | what it does |
| --- | --- |
| Tab / Shift+Tab | from a question to its note, then to the next question (and back) |
| Up / Down (Left / Right), Space | move among a question's options, choose (or tick) |
| Enter on a question | choose and go on to the next question (or section); tick-any: go on |
| Enter in the note | on to the next question |
| n / p, or PageDown / PageUp (also while typing a note) | next / previous section |
| ] / [ | scroll the side panel down / up (its skills and reasons on a small terminal) |
| 1 ... 9 | jump to a section |
| s | summary: recommendation, skills, open questions, overall notes, export |
| d (summary) | mark the assessment done, or open it again |
| c (summary) | compare with a linked colleague's assessment, once both are done |
| a / b, then c (compare) | keep A's or B's answer for a difference; create the agreed assessment |
| r | show or hide the recommendation panel |
| f | follow a colleague who has this assessment open (again: the next one); any key stops |
| k t b v (question in conflict) | keep mine, take theirs, keep both notes, read both in full |
| Ctrl+P | command palette: sections, summary, export, theme |
| Escape | back to the list of assessments |
| ? or F1 | this help |
| Ctrl+Q | quit (nothing is lost) |

Notes are typed in the note field under the questions: it always belongs to the
question named above it, and each question shows the start of its note.

Unanswered questions are allowed: they count as unknown, not as "no". The
confidence is the evidence's strength discounted for what is still unknown: a few
answers are never more than a lean, and "Recommend" waits until every criterion has
an answer. What the hire will do counts more than what surrounds them, and Flask
advice needs Flask as the framework. The panel says "Settled" only when no
combination of the open answers could change the verdict, else how many could (click
one to go there), and names answers that contradict each other as ones to settle.
Some questions appear only after an earlier answer makes them relevant.
docs/recommendation.md explains the arithmetic.

Saved assessments live in the sessions folder as TOML files. From a shell:
`hiring-clarity list`, `hiring-clarity report SESSION --format markdown` (or brief,
job). On the summary: e scorecard, j JSON, b brief, a job description draft.
For line prompts instead of this screen (screen readers, Braille displays):
`hiring-clarity --plain`, or set `ACCESSIBLE=1`.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(HELP)
