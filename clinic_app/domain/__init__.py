"""Clinical domain core: pure scoring, examination, red-flag, training-load and return-to-run rules."""
