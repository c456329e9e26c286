"""The appointment book (Diary): time grid, booking dialogs, day sheet and exports."""
