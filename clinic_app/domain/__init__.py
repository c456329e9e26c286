"""Clinical domain core: scoring, examination, red flags, training load and return to run."""
