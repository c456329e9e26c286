"""Demonstration data: a believable practice (patients, episodes, notes, exams, plans) built
through the same rules as real records. Not part of the services layer; the CLI and the window use it."""
