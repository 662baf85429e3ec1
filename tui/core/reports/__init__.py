"""What an assessment prints: text, markdown and JSON reports, the scorecard, compare
reports, the list table and the one-page handouts."""
