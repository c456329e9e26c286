"""Rehabilitation: the exercise library, plans, contraindications, return to run, the pain rule."""
