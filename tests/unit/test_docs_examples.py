"""The worked examples of docs/recommendation.md match `report --format json`.

Each example ends with a line "`hiring-clarity report FILE --format json`: `"key": value`, ...";
this test builds the same report and compares every quoted value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tui.core.reports.report import report_data
from tui.core.storage.reading import read_session

REPO = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^`hiring-clarity report (\S+) --format json`: (.+)$", re.M)
PAIR = re.compile(r'`"(\w+)": ([^`]+)`')


def test_every_quoted_number_is_what_the_report_says(bank):
    doc = (REPO / "docs" / "recommendation.md").read_text(encoding="utf-8")
    examples = LINE.findall(doc)
    assert len(examples) >= 6
    for path, pairs in examples:
        data = report_data(bank, read_session(REPO / path))
        quoted = PAIR.findall(pairs)
        assert quoted, path
        for key, value in quoted:
            assert data[key] == json.loads(value), (path, key, data[key], value)
