"""The Measures tab: outcome measures entered per visit, scored as they are typed."""
