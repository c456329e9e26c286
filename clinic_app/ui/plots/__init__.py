"""Progress graphs (pyqtgraph); importing this package does not import pyqtgraph."""
