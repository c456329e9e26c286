"""Finding builders for every clinical rule; the UI and PDFs show their text verbatim.

The builders live in themed modules and are re-exported here, so callers import one place.
"""

from __future__ import annotations

from clinic_app.domain.exam.findings import (
    crossed_slr_finding,
    faber_finding,
    laslett_finding,
    repeated_movement_finding,
    schober_finding,
    slr_finding,
    slump_finding,
)
from clinic_app.domain.exam.neuro_findings import (
    bilateral_signs_finding,
    n1_finding,
    neuro_finding,
)
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.interpretation_care import (
    red_flag_findings,
    red_flag_item_text,
    return_to_run_finding,
)
from clinic_app.domain.load.findings import (
    acwr_finding,
    shoe_finding,
    spike_finding,
    symptom_duration_finding,
    week_change_finding,
)
from clinic_app.domain.measures.findings import (
    nprs_change_finding,
    odi_change_finding,
    odi_finding,
    psfs_change_finding,
    rmdq_change_finding,
    rmdq_finding,
    startback_finding,
)
from clinic_app.domain.safety.imaging import emg_prompt, imaging_prompts

__all__ = [
    "Evidence",
    "Finding",
    "FindingLevel",
    "acwr_finding",
    "bilateral_signs_finding",
    "crossed_slr_finding",
    "emg_prompt",
    "faber_finding",
    "imaging_prompts",
    "laslett_finding",
    "n1_finding",
    "neuro_finding",
    "nprs_change_finding",
    "odi_change_finding",
    "odi_finding",
    "psfs_change_finding",
    "red_flag_findings",
    "red_flag_item_text",
    "repeated_movement_finding",
    "return_to_run_finding",
    "rmdq_change_finding",
    "rmdq_finding",
    "schober_finding",
    "shoe_finding",
    "slr_finding",
    "slump_finding",
    "spike_finding",
    "startback_finding",
    "symptom_duration_finding",
    "week_change_finding",
]
