"""Answers -> evidence -> verdict: the recommendation, its skills, what could still flip it
and the words every view of it shares."""
