"""Issue 19 item 12: who the progress letter is for, and labels that run inside its sentences."""

from __future__ import annotations

import pytest

from clinic_app.reports.documents.letter_text import addressing, in_sentence


@pytest.mark.parametrize(("label", "inside"), [
    ("Low back pain", "low back pain"),
    ("Right sciatica after half-marathon training", "right sciatica after half-marathon training"),
    ("Late-onset LBP", "late-onset LBP"),
    ("  Buttock pain  ", "buttock pain"),
    ("low back pain", "low back pain"),
    ("SIJ pain", "SIJ pain"),
    ("L5 radiculopathy", "L5 radiculopathy"),
    ("LBP", "LBP"),
    ("McGill-style core weakness", "McGill-style core weakness"),
    ("Achilles tendinopathy and LBP", "Achilles tendinopathy and LBP"),
    ("Baker's cyst", "Baker's cyst"),
    ("Scheuermann’s disease", "Scheuermann’s disease"),
    ("Ehlers-Danlos syndrome", "Ehlers-Danlos syndrome"),
    ("I", "I"),
    ("", ""),
])
def test_a_label_inside_a_sentence_loses_only_an_ordinary_leading_capital(label: str, inside: str) -> None:
    assert in_sentence(label) == inside


@pytest.mark.parametrize(("referrer", "addressee", "salutation", "closing", "referred"), [
    ("Dr Bilal Aziz, Canal Street Health Centre", "Dr Bilal Aziz, Canal Street Health Centre",
     "Dear colleague,", "Yours sincerely,", True),
    ("Employer occupational health", "Employer occupational health", "Dear colleague,",
     "Yours sincerely,", True),
    ("Self-referral", "", "To whom it may concern,", "Yours faithfully,", False),
    ("self referred", "", "To whom it may concern,", "Yours faithfully,", False),
    ("Recommended by Harbour Harriers coach", "", "To whom it may concern,", "Yours faithfully,", False),
    ("", "", "To whom it may concern,", "Yours faithfully,", False),
    ("  ", "", "To whom it may concern,", "Yours faithfully,", False),
    ("Selby Health Centre", "Selby Health Centre", "Dear colleague,", "Yours sincerely,", True),
])
def test_self_referred_patients_get_their_own_copy_not_a_letter_to_nobody(
        referrer: str, addressee: str, salutation: str, closing: str, referred: bool) -> None:
    address = addressing(referrer)
    assert (address.addressee, address.salutation, address.closing, address.referred) == (
        addressee, salutation, closing, referred)
