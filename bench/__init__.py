"""The benchmark suite: ``python -m bench`` prints one table of measured speed and memory.

Not part of the tests (CI does not time). Each figure is the median and range of several runs
after a discarded warm-up, beside a bare Textual app measured in the same run where a ratio is
asked for. See docs/performance.md.
"""
