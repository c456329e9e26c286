"""C9 through the services: the practice's ``odi_max_missing`` is used wherever the ODI is scored,
and a change from a baseline below the MCID is shown as "baseline too low to judge"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from clinic_app.domain.errors import PermissionDenied, ValidationError
from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.measures.scoring import BASELINE_TOO_LOW
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.settings import ClinicalSettings
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

TWO_UNANSWERED = (2, 2, 2, 2, 2, 2, 2, None, None, 2)  # 16/40 = 40% when scored
ONE_UNANSWERED = (3, 3, 3, 3, 3, 3, 3, None, 3, 3)


@pytest.fixture
def episode(services: Services, clinician: Actor) -> tuple[int, int, list[int]]:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 10, 1), "LBP", TODAY).created_id or 0
    visits = [services.care.create_visit(clinician, ep, datetime(2026, 10, 1 + 14 * i, 10, tzinfo=UTC),
                                         VisitKind.INITIAL if i == 0 else VisitKind.FOLLOW_UP
                                         ).created_id or 0 for i in range(2)]
    return pid, ep, visits


def test_clinical_settings_are_saved_validated_and_audited(services: Services, clinician: Actor,
                                                           admin: Actor) -> None:
    assert services.clinical_settings.get() == ClinicalSettings()
    with pytest.raises(PermissionDenied):  # the practice's rules are the administrator's to set
        services.clinical_settings.save(clinician, {"odi_max_missing": 0})
    with pytest.raises(ValidationError, match="odi_max_missing must be 0-9"):
        services.clinical_settings.save(admin, {"odi_max_missing": 12})
    with pytest.raises(ValidationError, match="unknown clinical setting"):
        services.clinical_settings.save(admin, {"odi_missing": 1})
    services.clinical_settings.save(admin, {"odi_max_missing": 1})
    assert services.clinical_settings.get().odi_max_missing == 1
    (row,) = services.users.audit_trail("practice_setting", 0)
    assert row.changed_fields == ("clinical.odi_max_missing",) and row.user == "Pat Admin"


@pytest.mark.parametrize(("limit", "scored"), [(2, True), (1, False), (0, False), (3, True)])
def test_odi_max_missing_is_honoured_where_the_odi_is_scored(
        services: Services, clinician: Actor, admin: Actor, episode: tuple[int, int, list[int]],
        limit: int, scored: bool) -> None:
    pid, ep, visits = episode
    if limit != 2:
        services.clinical_settings.save(admin, {"odi_max_missing": limit})
    services.measures.save(clinician, visits[0], VisitMeasures(NprsValues(back_now=6), TWO_UNANSWERED),
                           0, TODAY)
    services.measures.save(clinician, visits[1], VisitMeasures(NprsValues(back_now=3), ONE_UNANSWERED),
                           0, TODAY)
    view = services.measures.get(visits[0])
    assert view.odi_max_missing == limit  # the form scores live with the same limit
    assert (view.scores.odi is not None) is scored
    if scored:
        assert view.scores.odi.percent == 40.0  # type: ignore[union-attr]
    history = services.measures.history(ep)
    assert (history[0].scores.odi is not None) is scored
    assert (history[1].scores.odi is not None) is (limit >= 1)
    series = services.progress.progress(pid, ep).measure("odi")
    assert series is not None and len(series.points) == int(scored) + int(limit >= 1)


def test_leg_pain_one_to_zero_is_not_called_meaningful(
        services: Services, clinician: Actor, episode: tuple[int, int, list[int]]) -> None:
    pid, ep, visits = episode
    services.measures.save(clinician, visits[0], VisitMeasures(NprsValues(back_now=7, leg_now=1),
                                                               (1, 1, 1, 1, 0, 0, 0, 0, 0, 0)), 0, TODAY)
    services.measures.save(clinician, visits[1], VisitMeasures(NprsValues(back_now=3, leg_now=0),
                                                               (0,) * 10), 0, TODAY)
    data = services.progress.progress(pid, ep)
    rows = {r.label: r for r in data.since_baseline}
    leg, back, odi = rows["Pain (leg)"], rows["Pain (back)"], rows["ODI"]
    assert leg.verdict.endswith(f"— {BASELINE_TOO_LOW}") and leg.meets_mcid is None
    assert "MCID" not in leg.verdict
    assert (leg.baseline, leg.latest, leg.change) == ("1", "0", "-1")
    assert odi.verdict.endswith(f"— {BASELINE_TOO_LOW}") and odi.meets_mcid is None  # 8% → 0%
    assert back.meets_mcid is True and "meets both MCIDs" in back.verdict
    leg_series, back_series = data.measure("nprs_leg"), data.measure("nprs_back")
    assert leg_series is not None and leg_series.mcid_level is None  # no target line to "reach"
    assert back_series is not None and back_series.mcid_level == 5.0
