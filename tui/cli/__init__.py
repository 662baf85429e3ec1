"""The command line: parse, then print (list, report, validate, compare...) or start a front
end; the linked-assessment commands (copy, done, compare, settle) in linked.py."""
