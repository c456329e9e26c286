"""The Intake tab: one page per section of the running-injury intake."""
