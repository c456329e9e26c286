"""Preview, print and save handouts; the front-desk print queue."""
