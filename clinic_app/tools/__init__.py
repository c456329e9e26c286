"""Developer tools run with ``python -m`` (not part of the installed GUI)."""
