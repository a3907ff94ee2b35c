"""What an office prints about itself, and the defaults per level it edits once.

Every phrase of the documents that depends on the kind of office (“UBND các xã, thị trấn”,
“Sở Nội vụ”, “TT Huyện ủy”, “TM. ỦY BAN NHÂN DÂN”) comes from the office's data: its level,
its name and governing body, the body it reports to, its units and groups, and its own Nơi
nhận and signer per document type.  The defaults below are built from that data only: the
words of a level (“huyện”, “phường”, “Tỉnh ủy”) are taken from the office's own name, never
written in for it, so a ward's documents never say “huyện” unless its data does.

Pure Python: the store passes the office, units and groups in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from cchc_desktop.core.models import Office, Unit, UnitGroup
from cchc_desktop.core.text import fold, nfc

# The levels an office can be (names shown in the settings screen, never printed).
LEVELS: dict[str, str] = {
    "province": "UBND tỉnh, thành phố trực thuộc Trung ương",
    "department": "Sở, ban, ngành",
    "district": "UBND huyện, quận, thị xã, thành phố thuộc tỉnh",
    "commune": "UBND xã, phường, thị trấn, đặc khu",
}
PEOPLES_COMMITTEE_LEVELS = ("province", "district", "commune")

# Document types that have their own Nơi nhận and signer (settings key ``<kind>_header``).
DOCUMENT_KINDS: dict[str, str] = {"plan": "Kế hoạch", "report": "Báo cáo"}

# The word naming a locality at the head of a People's Committee's name, longest first.
_LOCALITY_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "xã",
                   "phường")  # fmt: skip
# The Party committee of a locality, from the word its own name uses.
_PARTY = {
    "tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy",
    "thị xã": "Thị ủy", "xã": "Đảng ủy xã", "phường": "Đảng ủy phường",
    "thị trấn": "Đảng ủy thị trấn", "đặc khu": "Đảng ủy đặc khu",
}  # fmt: skip
_COMMITTEE = re.compile(r"^\s*(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)


def one_line(text: str | None) -> str:
    """A name typed with line breaks for the header (“UBND HUYỆN|HÒA VANG THƯỢNG”), on one line."""
    return " ".join(" ".join(header_lines(text)).split())


def header_lines(text: str | None) -> list[str]:
    """The lines the officer chose for a header name: split at ``|`` and at new lines."""
    parts = re.split(r"\s*(?:\||\r?\n)\s*", nfc(text or "").strip())
    return [p for p in parts if p]


def locality(name: str) -> tuple[str, str]:
    """``"UBND huyện Hòa Vang Thượng"`` → ``("huyện", "Hòa Vang Thượng")``; ``("", name)`` when
    the name does not start with a locality word (a department, a centre)."""
    rest = _COMMITTEE.sub("", one_line(name))
    low = rest.lower()
    for word in _LOCALITY_WORDS:
        if low.startswith(word + " "):
            return rest[: len(word)].lower(), rest[len(word) + 1 :].strip()
    return "", rest


def committee_short(name: str) -> str:
    """``"UBND huyện Hòa Vang Thượng"`` → ``"UBND huyện"`` (as the seeds write “CT, các PCT
    UBND huyện”); the name itself when it is not a People's Committee's."""
    word, _ = locality(name)
    if word and _COMMITTEE.match(one_line(name)):
        return f"UBND {word}"
    return one_line(name)


def party_committee(name: str) -> str:
    """The Party committee named after the locality word of ``name``, or "" when it has none."""
    return _PARTY.get(locality(name)[0], "")


def initials(name: str) -> str:
    """``"Sở Nội vụ"`` → ``"SNV"``: the usual symbol of a department in document numbers."""
    return "".join(w[0] for w in fold(one_line(name)).upper().split() if w[:1].isalpha())


def _unit_named(units: Sequence[Unit], *needles: str) -> Unit | None:
    for needle in needles:
        for u in units:
            if u.active and needle in fold(u.name).lower():
                return u
    return None


def resolved(office: Office | None, units: Sequence[Unit] = ()) -> Office:
    """The office with every empty field filled by its level's default, built from its data."""
    o = office or Office()
    level = o.level or ("department" if not locality(o.name)[0] and o.name else "district")
    committee = level in PEOPLES_COMMITTEE_LEVELS
    standing = _unit_named(units, "noi vu", "van phong")
    head = ("Chủ tịch " if committee else "Giám đốc ") + one_line(o.name) if o.name else ""
    return replace(
        o,
        level=level,
        reports_to=o.reports_to or (o.governing_body if level != "province" else "Bộ Nội vụ"),
        standing_unit=o.standing_unit or (standing.name if standing else ""),
        symbol=o.symbol or ("UBND" if committee else initials(o.name)),
        header_name=o.header_name or one_line(o.name),
        head=o.head or head,
    )


@dataclass(frozen=True)
class DocumentDefaults:
    """A document type's signer and Nơi nhận, as the office's level would write them."""

    signer_lines: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]


def default_signer(office: Office) -> tuple[str, ...]:
    o = resolved(office)
    if o.level in PEOPLES_COMMITTEE_LEVELS:
        return ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    return ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def document_defaults(office: Office | None, kind: str, units: Sequence[Unit] = (),
                      groups: Sequence[UnitGroup] = ()) -> DocumentDefaults:  # fmt: skip
    """The Nơi nhận and signer of a plan (``kind="plan"``) or a report, from the office's data.

    A plan goes down to the units that carry it out (the office's groups, or its units when it
    has no groups) and up for information; a report goes up.  The last line keeps a copy at
    the office (“Lưu: VT, <standing unit's short name>”).
    """
    o = resolved(office, units)
    lines: list[str] = []
    if o.reports_to:
        lines.append(f"{o.reports_to} (để b/c)")
    if o.level in PEOPLES_COMMITTEE_LEVELS:
        word, _ = locality(o.name)
        party = party_committee(o.name)
        council = f"HĐND {word}" if word else ""
        upper = ", ".join(f"TT {x}" for x in (party, council) if x)
        if upper:
            lines.append(f"{upper} (để b/c)")
        lines.append(f"Chủ tịch, các PCT {committee_short(o.name)}")
    elif o.name:
        lines.append(f"Giám đốc, các Phó Giám đốc {o.name.split(' ')[0]}")
    if kind == "plan":
        names = [g.name for g in groups] or [u.name for u in units if u.active]
        lines += names
    standing = next((u for u in units if u.name == o.standing_unit), None)
    short = standing.short_name if standing and standing.short_name else ""
    lines.append("Lưu: VT" + (f", {short}" if short else ""))
    return DocumentDefaults(default_signer(o), "", tuple(lines))


def recipient_lines(recipients: Iterable[str]) -> list[str]:
    """Nơi nhận as printed: each line “- X;”, the last one ending with “.”."""
    items = [re.sub(r"^[\s\-–+•]+", "", nfc(r)).strip().rstrip(";.,").strip() for r in recipients]
    items = [x for x in items if x]
    return [f"- {x}{'.' if i == len(items) - 1 else ';'}" for i, x in enumerate(items)]
