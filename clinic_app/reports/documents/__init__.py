"""Patient documents: exercise programme, education, return to run, progress letter, exam summary.

Each ``build_*`` function is a pure function of a read model from :mod:`.data` and the clinic's
:class:`~clinic_app.reports.styles.Branding`; it renders to a path (atomically) or a binary stream
and returns the number of pages.
"""
