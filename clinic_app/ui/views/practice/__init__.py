"""Practice-wide views: caseload outcomes."""
