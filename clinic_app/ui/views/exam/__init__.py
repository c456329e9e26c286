"""The Exam tab: the form, its live interpretation and the comparison over visits."""
