"""Working on one assessment together: who this instance is, each person's position,
telling writers apart, presence in words and following."""
