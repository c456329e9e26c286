"""The Plan tab: exercise plan per episode, walk/run programme and adherence."""
