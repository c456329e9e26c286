"""Use cases: the only way to read or change data. Each public method is one unit of work."""
