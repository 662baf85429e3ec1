"""``python -m bench``: measure every target of the performance issue and print one table."""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import inprocess, pairing, terminal
from bench.bare_app import READY
from bench.fixtures import full_answers, make_session, many_sessions, with_notes, write_session
from bench.processes import environment, import_times, max_rss, wall_ms
from bench.serving import CLIENTS, SshServer, local_memory, memory_per_client
from bench.stats import Figure, Row, interleaved, percentile, table
from bench.sync import COUNT, sync_runs
from bench.tmux import Tmux, shows
from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank, ChoiceQuestion
from tui.core.session.models import Answer

ROOT = Path(__file__).resolve().parents[1]
BARE = str(ROOT / "bench" / "bare_app.py")
EMPTY_HOME = "No saved assessments yet"
SESSIONS = "HIRING_CLARITY_SESSIONS"
ROWS = (
    "frame",
    "keys",
    "engine",
    "autosave",
    "home",
    "report",
    "memory",
    "sync",
    "ssh_frame",
    "ssh_keys",
    "ssh_memory",
    "pair_shown",
    "paste",
    "pair_keys",
)
Launch = tuple[list[str], dict[str, str], terminal.Ready]
"""What to start in tmux, its environment, and the text that says it is ready."""


def describe_error(exc: BaseException) -> str:
    """An exception as one short line, for a note under the table."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"


def code_version() -> str:
    """The commit measured, and whether the working tree differs from it (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "tui", "questions")
    return commit + (" with uncommitted changes in tui/ or questions/" if dirty else "")


def machine(load_at_start: str) -> list[str]:
    """CPU, cores, memory, load, OS, Python, Textual and tmux versions, and the code measured."""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
            platform.machine(),
        )
    with open("/proc/meminfo", encoding="utf-8") as info:
        kib = next((int(line.split()[1]) for line in info if line.startswith("MemTotal")), 0)
    memory = f"{kib / 1024**2:.1f} GiB RAM"
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False).stdout
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores, {memory}",
        f"- OS: {platform.system()} {platform.release()}; {tmux.strip()}",
        f"- Python {platform.python_version()}, Textual {importlib.metadata.version('textual')}, "
        f"pydantic {importlib.metadata.version('pydantic')}",
        f"- Load average (1, 5, 15 min): {load_at_start} at the start, {load_average()} at the end",
        f"- Code: {code_version()}",
    ]


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


class Bench:
    """One run of the suite: a scratch folder, a tmux server and the rows measured so far."""

    def __init__(self, work: Path, tmux: Tmux, runs: int, changes: int) -> None:
        self.work = work
        self.tmux = tmux
        self.runs = runs
        self.changes = changes
        self.bank: Bank = load_bank()
        self.python = sys.executable
        self.app = str(Path(sys.executable).parent / "hiring-clarity")
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.began = time.perf_counter()

    def log(self, text: str) -> None:
        print(f"[{time.perf_counter() - self.began:5.0f} s] {text}", file=sys.stderr, flush=True)

    def session_dir(self, name: str) -> tuple[Path, Path]:
        """A sessions folder holding one fully answered session (first option of question 1)."""
        directory = self.work / name
        directory.mkdir(mode=0o700)
        first = self.bank.criteria[0].questions[0]
        if not isinstance(first, ChoiceQuestion) or first.kind != "single":
            raise RuntimeError(f"the key row expects question {first.id} to be single choice")
        overrides = {first.id: Answer(choice=first.options[0].id)}
        answers = with_notes(full_answers(self.bank, overrides))
        return directory, write_session(directory, make_session(self.bank, name, answers))

    def tmux_pair(self, app: Launch, reference: Launch) -> tuple[Figure, Figure]:
        """Start-to-text times of two programs launched in turn, as figures."""

        def measure(spec: Launch) -> Callable[[], float]:
            return lambda: terminal.time_to_text(self.tmux, *spec)

        found, ref = interleaved(self.runs, [measure(app), measure(reference)])
        return Figure.of(found, "ms"), Figure.of(ref, "ms")

    def frame(self) -> None:
        directory, path = self.session_dir("frame")
        env = {SESSIONS: str(directory)}
        title = self.bank.criteria[0].title
        app, bare = self.tmux_pair(
            ([self.app, "resume", str(path)], env, terminal.criterion_ready(title)),
            ([self.python, BARE], {}, shows(READY)),
        )
        self.rows.append(
            Row(
                "start to first full frame of a criterion screen with its panel",
                app,
                "<= 1.5x bare",
                1.5,
                bare,
            )
        )

    def keys(self) -> None:
        directory, path = self.session_dir("keys")
        env = {SESSIONS: str(directory)}
        ready = terminal.criterion_ready(self.bank.criteria[0].title)
        runs = terminal.key_latencies(
            self.tmux, [self.app, "resume", str(path)], env, ready, self.runs, self.changes
        )
        bare = terminal.key_latencies(
            self.tmux, [self.python, BARE, "--keys"], {}, shows(READY), self.runs, self.changes
        )
        self.rows.append(
            Row(
                f"key changing an answer -> panel shows it, p95 of {self.changes}",
                Figure.of(terminal.p95s(runs), "ms"),
                "p95 <= 50 ms",
                50.0,
                Figure.of(terminal.p95s(bare), "ms"),
                "bare Textual, key -> Static",
                per_reference=False,
            )
        )
        for label, found in (("app", runs), ("bare app", bare)):
            every = [ms for run in found for ms in run]
            self.notes.append(
                f"Key to screen, {label}, all {len(every)} timed changes: median "
                f"{percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
                f"max {max(every):.1f} ms."
            )

    def engine(self) -> None:
        runs = inprocess.engine_runs(self.bank, self.runs)
        answered = len(full_answers(self.bank))
        self.rows.append(
            Row(
                f"engine: {answered} answers -> recommendation, median of "
                f"{inprocess.ENGINE_CALLS} calls",
                Figure.of(runs, "ms"),
                "<= 1 ms",
                1.0,
            )
        )

    def autosave(self) -> None:
        runs = inprocess.autosave_runs(self.bank, self.runs, self.work)
        self.rows.append(
            Row(
                f"autosave, full session + 10 KB notes, lock included, median of {inprocess.SAVES}",
                Figure.of(runs, "ms"),
                "<= 5 ms",
                5.0,
            )
        )

    def home(self) -> None:
        full, empty = self.work / "home-1000", self.work / "home-0"
        empty.mkdir(mode=0o700)
        newest = many_sessions(self.bank, full, 1000)
        many, none = self.tmux_pair(
            ([self.app], {SESSIONS: str(full)}, shows(newest)),
            ([self.app], {SESSIONS: str(empty)}, shows(EMPTY_HOME)),
        )
        self.rows.append(
            Row(
                "home screen ready (first row shown), 1,000 sessions vs none",
                many,
                "<= 1.25x none",
                1.25,
                none,
                "no sessions",
            )
        )

    def report(self) -> None:
        directory, path = self.session_dir("report")
        env = environment(**{SESSIONS: str(directory)})
        command = [self.python, "-m", "tui", "report", str(path), "--format", "json"]
        bare_command = [self.python, BARE, "--exit"]
        found, ref = interleaved(
            self.runs,
            [
                lambda: wall_ms(command, env, ROOT),
                lambda: wall_ms(bare_command, environment(), ROOT),
            ],
        )
        imports = import_times(command, env, ROOT)
        textual = sorted({name for name, _, _ in imports if name.split(".")[0] == "textual"})
        heavy = sorted((i for i in imports if i[2]), key=lambda i: -i[1])[:4]
        self.notes.append(
            "Report command imports Textual: " + (", ".join(textual[:3]) or "no") + ". "
            "Heaviest top-level imports (cumulative): "
            + ", ".join(f"{name} {ms:.0f} ms" for name, ms, _ in heavy)
            + "."
        )
        self.rows.append(
            Row(
                "`report SESSION --format json`, process start to exit",
                Figure.of(found, "ms"),
                "<= 0.5x bare start, no Textual import",
                0.5,
                Figure.of(ref, "ms"),
                "bare start-to-exit (headless)",
                extra_ok=not textual,
                extra="" if not textual else "imports Textual",
            )
        )

    def memory(self) -> None:
        env = environment()
        counter = itertools.count()
        outputs: list[str] = []

        def app() -> float:
            folder = self.work / f"memory-{next(counter)}"
            mib, printed = max_rss(
                [self.python, "-m", "bench.memory_run", "app", str(folder)], env, ROOT
            )
            outputs.append(printed.strip())
            answered, _, total = printed.split()[0].partition("/")
            if answered != total:
                raise RuntimeError(f"the assessment was not answered in full: {printed!r}")
            return mib

        def bare() -> float:
            return max_rss([self.python, "-m", "bench.memory_run", "bare"], env, ROOT)[0]

        found, ref = interleaved(self.runs, [app, bare])
        self.notes.append(f"Full assessment run (answered/total, last screen): {outputs[-1]}.")
        self.rows.append(
            Row(
                "peak memory (max RSS) of a full assessment, headless",
                Figure.of(found, "MiB"),
                "<= 1.3x bare",
                1.3,
                Figure.of(ref, "MiB"),
                "bare (same harness)",
            )
        )

    def sync(self) -> None:
        found, pull, start = sync_runs(
            self.bank, self.work / "sync", self.runs, self.app, environment()
        )
        self.notes.append(
            f"Sync: for scale, `hiring-clarity --help` (Python's start, the command-line parser "
            f"and exit; a plain `sync` skips the parser) takes {Figure.of(start, 'ms').show()}; "
            f"the sync takes {Figure.of(found, 'ms').show()}."
        )
        self.rows.append(
            Row(
                f"`sync` of {COUNT:,} assessments, one changed on the remote, "
                "process start to exit",
                Figure.of(found, "ms"),
                "<= 2x git pull",
                2.0,
                Figure.of(pull, "ms"),
                "bare `git pull`",
            )
        )

    def _over_ssh(self, name: str) -> tuple[SshServer, list[str], dict[str, str], terminal.Ready]:
        """A served session and the same session's local command, environment and ready test."""
        directory, path = self.session_dir(name)
        server = SshServer(self.work / f"{name}-server", path, environment())
        ready = terminal.criterion_ready(self.bank.criteria[0].title)
        return server, [self.app, "resume", str(path)], {SESSIONS: str(directory)}, ready

    def ssh_frame(self) -> None:
        server, local, env, ready = self._over_ssh("ssh-frame")
        try:
            over_ssh, here = self.tmux_pair((server.client(), {}, ready), (local, env, ready))
        finally:
            server.close()
        self.rows.append(
            Row(
                "`ssh` connect (loopback, key auth) to the first full frame",
                over_ssh,
                "<= 1.5x local",
                1.5,
                here,
                "the app started in tmux",
            )
        )

    def ssh_keys(self) -> None:
        server, local, env, ready = self._over_ssh("ssh-keys")
        try:
            remote = terminal.key_latencies(
                self.tmux, server.client(), {}, ready, self.runs, self.changes
            )
        finally:
            server.close()
        here = terminal.key_latencies(self.tmux, local, env, ready, self.runs, self.changes)
        self.rows.append(
            Row(
                f"key -> panel over SSH, p95 of {self.changes}",
                Figure.of(terminal.p95s(remote), "ms"),
                "<= 1.2x local",
                1.2,
                Figure.of(terminal.p95s(here), "ms"),
                "the same row locally",
            )
        )

    def ssh_memory(self) -> None:
        server, local, env, ready = self._over_ssh("ssh-memory")
        try:
            served, alone = interleaved(
                self.runs,
                [
                    lambda: memory_per_client(self.tmux, server, ready),
                    lambda: local_memory(self.tmux, local, env, ready),
                ],
            )
        finally:
            server.close()
        self.rows.append(
            Row(
                f"{CLIENTS} SSH clients at once: (server + apps) / {CLIENTS}, RSS",
                Figure.of(served, "MiB"),
                "<= 1.1x one local app",
                1.1,
                Figure.of(alone, "MiB"),
                "one app started in tmux",
            )
        )

    def pair_shown(self) -> None:
        pairing.shown_in_other_app(self)

    def paste(self) -> None:
        pairing.paste(self)

    def pair_keys(self) -> None:
        pairing.keys_with_colleague(self)


def main(argv: list[str] | None = None) -> int:
    """Measure the chosen rows and print the machine, the table and notes; 0 unless it crashes.

    A MISS is a finding for the table, not a failure of the run, so it does not set the exit code.
    """
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per figure, after one warm-up (default 5)"
    )
    parser.add_argument(
        "--changes", type=int, default=100, help="answer changes per key-latency run (default 100)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=ROWS, default=list(ROWS), help="measure only these rows"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.changes < 20:
        parser.error("--runs must be at least 1 and --changes at least 20")
    os.chdir(ROOT)
    # What pip does for an installed package: without it, PYTHONDONTWRITEBYTECODE (set on these
    # machines) makes every launch of the editable install compile the app first.
    compileall.compile_dir(ROOT / "tui", quiet=1)
    load_at_start = load_average()
    with tempfile.TemporaryDirectory(prefix="hc-bench-") as scratch:
        tmux = Tmux(ROOT, environment())
        bench = Bench(Path(scratch), tmux, args.runs, args.changes)
        try:
            for name in ROWS:
                if name not in args.only:
                    continue
                bench.log(f"{name} ...")
                try:
                    getattr(bench, name)()
                except Exception as exc:  # one broken row must not hide the others
                    bench.log(f"{name} failed: {exc}")
                    bench.notes.append(f"Row '{name}' could not be measured: {describe_error(exc)}")
        finally:
            tmux.close()
        print("\n".join(machine(load_at_start)))
        print(
            f"- {args.runs} timed runs per figure after one discarded warm-up; "
            f"whole run {time.perf_counter() - bench.began:.0f} s\n"
        )
        print(table(bench.rows))
        print("\n" + "\n".join(f"- {note}" for note in bench.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
