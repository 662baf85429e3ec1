"""The session: its models, the rules of answering, TOML-ready documents, merging two
writers' versions and the conflicts that leaves."""
