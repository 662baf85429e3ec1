"""The question bank: its models, reading its TOML files, and the checks on them."""
