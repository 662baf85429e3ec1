"""The test suite. ``REPO`` is the checkout's root, for tests that run the app or read its files."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
