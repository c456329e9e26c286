"""The Finding value object: verdict, inputs used, one-line explanation and evidence tag."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg


class Evidence(enum.StrEnum):
    """Evidence tag of the rule behind a finding (CLINICAL.md Part B legend)."""

    GUIDELINE = "G"
    RESEARCH = "R"
    CONSENSUS = "C"
    PRODUCT = "P"

    @property
    def label(self) -> str:
        """Return the tag's meaning in words."""
        return _EVIDENCE_LABELS[self]


_EVIDENCE_LABELS: dict[Evidence, str] = {
    Evidence.GUIDELINE: "clinical guideline",
    Evidence.RESEARCH: "published study or validated instrument",
    Evidence.CONSENSUS: "common clinical practice or consensus",
    Evidence.PRODUCT: "product decision (configurable)",
}


class FindingLevel(enum.StrEnum):
    """How much attention a finding needs; the UI maps this to colour and placement."""

    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        """Return 0 (info) to 4 (emergency)."""
        return list(FindingLevel).index(self)


@dataclass(frozen=True, slots=True)
class Finding:
    """One interpreted result, shown verbatim by the UI and PDFs.

    Attributes:
        kind: Stable identifier of the rule, e.g. ``"laslett_cluster"``.
        verdict: Machine-readable outcome, usually an enum value such as ``"likely"``.
        explanation: One line a clinician can read, with the numbers that drove it.
        inputs: Ordered label -> value strings of the raw inputs used (shown beside the verdict).
        evidence: Evidence tag of the rule.
        source: Short citation, e.g. ``"Laslett 2005 [S10]"``.
        level: Attention level.
        notes: Caveats and prompts to show with the finding (never orders).
    """

    kind: str
    verdict: str
    explanation: str
    inputs: Mapping[str, str] = field(default_factory=dict, hash=False)
    evidence: Evidence = Evidence.CONSENSUS
    source: str = ""
    level: FindingLevel = FindingLevel.INFO
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Freeze the inputs mapping and check that it holds only strings."""
        frozen = dict(self.inputs)
        for key, value in frozen.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise InvalidValue(msg("findings.finding_inputs_must_map_text", key=key, value=value))
        object.__setattr__(self, "inputs", MappingProxyType(frozen))
        object.__setattr__(self, "notes", tuple(self.notes))
