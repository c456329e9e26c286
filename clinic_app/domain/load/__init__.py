"""Running load: weekly metrics, imported runs and the load findings."""
