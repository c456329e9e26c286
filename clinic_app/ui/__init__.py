"""Qt widgets, item models, dialogs and plots. Holds no SQL and no clinical rules."""
