"""The application's widget style: the platform's own, with Fusion's costly scroll-bar groove cached."""
