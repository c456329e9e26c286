"""Stride Clinic: records, exams, outcomes, rehab plans and handouts for runners with back pain."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Stride Clinic"
ORG_NAME = "Stride Clinic"
