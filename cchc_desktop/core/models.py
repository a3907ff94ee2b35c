"""Domain records of a plan: the office, its units and groups, plans, sections and tasks.

Plain frozen dataclasses so that every layer (store, reports, exchange, gui) passes the same
values around without knowing about SQL or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

UNIT_KINDS: dict[str, str] = {
    "department": "Phòng, ban chuyên môn",
    "commune": "Xã, phường, thị trấn",
    "media": "Cơ quan báo chí, truyền thanh",
    "mass_org": "Tổ chức chính trị - xã hội",
    "other": "Khác",
}

PLAN_STATUSES: dict[str, str] = {"draft": "Dự thảo", "issued": "Đã ban hành"}

ROLES: dict[str, str] = {"lead": "Chủ trì", "coordinating": "Phối hợp"}


@dataclass(frozen=True)
class Office:
    """The office that runs the program; levels are data, never hard-coded."""

    name: str = ""  # e.g. "UBND huyện Vĩnh Lộc"
    governing_body: str = ""  # e.g. "UBND tỉnh Thanh Hóa"
    place_name: str = ""  # e.g. "Vĩnh Lộc", used in "Vĩnh Lộc, ngày … tháng … năm …"
    user_name: str = ""  # who records changes (shown in history)
    # What the documents print about the office; empty = the level's default, built from the
    # data (core.office_profile.resolved).
    level: str = ""  # "province" | "department" | "district" | "commune"
    reports_to: str = ""  # the body it reports to: "UBND tỉnh Thanh Hóa", "Bộ Nội vụ"
    standing_unit: str = ""  # the unit that follows the plan up and compiles: "Phòng Nội vụ"
    symbol: str = ""  # its symbol in document numbers: "UBND" in "25/KH-UBND", "SNV"
    header_name: str = ""  # issuing body as printed in the header; "|" breaks the line
    head: str = ""  # its head as texts name them: "Chủ tịch UBND huyện Vĩnh Lộc"


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    short_name: str = ""
    kind: str = "other"
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True
    position: int = 0


@dataclass(frozen=True)
class UnitGroup:
    """A named set of units that a task can name as one entry ("UBND các xã, thị trấn")."""

    id: int
    name: str
    member_ids: tuple[int, ...] = ()
    note: str = ""
    position: int = 0


@dataclass(frozen=True)
class UnitRef:
    """One entry of a task's lead or coordinating list: a unit or a group."""

    kind: str  # "unit" | "group"
    id: int
    name: str = ""


@dataclass(frozen=True)
class Plan:
    id: int
    year: int
    title: str
    number: str = ""  # "25/KH-UBND"
    issued_on: date | None = None
    issuing_body: str = ""
    governing_body: str = ""
    legal_bases: str = ""
    purposes: str = ""
    requirements: str = ""
    audiences: str = ""
    budget_note: str = ""
    status: str = "draft"
    # The plan's own sections; None = not written yet (the document prints the default built
    # from the data), "" = left out on purpose.
    topics: str | None = None  # Nội dung tuyên truyền
    forms_text: str | None = None  # Hình thức tuyên truyền, by audience
    duties: tuple[PlanDuty, ...] | None = None  # Tổ chức thực hiện, unit by unit
    reporting: str | None = None  # the duty to report: what, when, to whom
    closing: str | None = None  # “Trên đây là Kế hoạch …”
    decision: str = ""  # “Ban hành kèm theo Quyết định số …”: the plan is issued by a decision


@dataclass(frozen=True)
class PlanDuty:
    """One entry of Tổ chức thực hiện: a unit (or group) and what it does.  ``request`` marks a
    body the issuing office cannot order (Party bodies, the Mặt trận, mass organisations):
    its heading reads “Đề nghị …”."""

    name: str
    text: str
    request: bool = False


@dataclass(frozen=True)
class Section:
    id: int
    plan_id: int
    parent_id: int | None
    position: int
    title: str


@dataclass(frozen=True)
class Task:
    id: int
    plan_id: int
    section_id: int | None
    position: int
    content: str
    product: str = ""
    timeline: str = ""
    manual_kind: str | None = None  # set when the user fixed the rule by hand
    manual_dates: tuple[date, ...] = ()
    forms: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    targets: dict[str, float] = field(default_factory=dict)
    budget: int = 0
    note: str = ""
    lead: tuple[UnitRef, ...] = ()
    coordinating: tuple[UnitRef, ...] = ()
