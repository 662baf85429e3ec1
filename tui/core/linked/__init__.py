"""Independent assessments of one hire: blank linked copies, comparing two, settling them
into an agreed one."""
