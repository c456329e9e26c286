"""Entry point of ``stride-clinic`` and ``python -m clinic_app``."""

from __future__ import annotations

import sys

from clinic_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
