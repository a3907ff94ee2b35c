"""Search across plans, tasks, results and units, ignoring diacritics and case.

The index is SQLite FTS5 (``remove_diacritics 2``), kept in step by triggers under every
writer; ``đ`` is folded to ``d`` both in the index and in what is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_desktop.core.text import fold
from cchc_desktop.store.room import Room


@dataclass(frozen=True)
class SearchHit:
    kind: str  # task | unit | plan | result
    ref_id: int
    plan_id: int | None
    title: str
    detail: str


class Search(Room):
    """Finding plans, tasks, results and units by words."""

    def find(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Search plans, tasks, results and units ignoring diacritics and case."""
        words = [w for w in fold(text).replace('"', " ").split() if w]
        if not words:
            return []
        query = " ".join(f'"{w}"*' for w in words)
        rows = self.db.execute(
            "SELECT kind, ref_id, plan_id FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?",
            [f"text : ({query})", limit],
        ).fetchall()
        hits = []
        for kind, ref_id, plan_id in rows:
            hit = self._hit(kind, int(ref_id), plan_id)
            if hit:
                hits.append(hit)
        return hits

    def _hit(self, kind: str, ref_id: int, plan_id: int | None) -> SearchHit | None:
        if kind == "task":
            r = self.db.execute(
                "SELECT t.content, p.year FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?",
                [ref_id],
            ).fetchone()
            return (
                SearchHit(kind, ref_id, plan_id, r[0], f"Nhiệm vụ · kế hoạch năm {r[1]}")
                if r
                else None
            )
        if kind == "unit":
            r = self.db.execute(
                "SELECT name, short_name FROM units WHERE id = ?", [ref_id]
            ).fetchone()
            return SearchHit(kind, ref_id, None, r[0], "Đơn vị") if r else None
        if kind == "plan":
            r = self.db.execute("SELECT title, year FROM plans WHERE id = ?", [ref_id]).fetchone()
            return SearchHit(kind, ref_id, ref_id, r[0], f"Kế hoạch năm {r[1]}") if r else None
        r = self.db.execute(
            "SELECT r.description, u.name, t.content FROM results r JOIN occurrences o ON o.id = r.occurrence_id "
            "JOIN assignments a ON a.id = o.assignment_id JOIN units u ON u.id = a.unit_id "
            "JOIN tasks t ON t.id = a.task_id WHERE r.id = ?", [ref_id]).fetchone()  # fmt: skip
        return (
            SearchHit(kind, ref_id, plan_id, r[0] or r[2], f"Kết quả · {r[1]} · {r[2][:60]}")
            if r
            else None
        )
