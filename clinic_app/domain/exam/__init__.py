"""Examination: SIJ provocation cluster, neural tension, neuro screen, bone stress, the exam record.

The package's own names are the examination rules (``rules``), the public contract of
CLINICAL.md Part A (``clinic_app.domain.exam.laslett_cluster`` and friends)."""

from __future__ import annotations

from clinic_app.domain.exam.rules import (
    SCHOBER_MIN_INCREASE_CM,
    ClusterResult,
    ClusterVerdict,
    FaberPointsTo,
    FaberSite,
    RepeatedResponse,
    SchoberResult,
    SchoberVerdict,
    Side,
    SijResults,
    SijTest,
    SlrVerdict,
    SlumpVerdict,
    TestOutcome,
    crossed_slr_positive,
    faber_points_to,
    laslett_cluster,
    lowers_sij_likelihood,
    modified_schober,
    slr_classic_positive,
    slr_verdict,
    slump_verdict,
)

__all__ = [
    "SCHOBER_MIN_INCREASE_CM",
    "TestOutcome",
    "Side",
    "SijTest",
    "SijResults",
    "ClusterVerdict",
    "ClusterResult",
    "laslett_cluster",
    "SlrVerdict",
    "slr_classic_positive",
    "slr_verdict",
    "crossed_slr_positive",
    "SlumpVerdict",
    "slump_verdict",
    "SchoberVerdict",
    "SchoberResult",
    "modified_schober",
    "FaberSite",
    "FaberPointsTo",
    "faber_points_to",
    "RepeatedResponse",
    "lowers_sij_likelihood",
]
