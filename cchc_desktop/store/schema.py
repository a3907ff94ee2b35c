"""The database schema, built only by migrations (sqlite-utils' built-in ``Migrations``).

A schema change is always a new function appended here, never an edit of an old one: offices
keep their file for years and every older file must upgrade step by step.  ``tests/data``
holds a database of every released schema version and a test upgrades each one.

A migration is frozen code: what it writes into an old file must not change when the store
does, so it never imports the store's house or rooms (``tests/test_layers.py`` checks), only
the connection, the undo triggers and core's pure functions.
"""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from cchc_desktop.core.occurrences import occurrences_for
from cchc_desktop.core.periods import DEFAULT_PERIOD_RULES, PeriodRule, rules_from_data
from cchc_desktop.core.timeline import read_timeline, rule_from_dates
from cchc_desktop.store.connection import MIGRATION_NAMES, MIGRATION_SET
from cchc_desktop.store.undo import install_undo_triggers

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_foundation(db: Database) -> None:
    """Settings, units and groups, plans, the catalogue tree, and the undo log."""
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL            -- JSON
        );
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'other'
                CHECK (kind IN ('department','commune','media','mass_org','other')),
            contact_person TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE unit_groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE group_members (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES unit_groups(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
            UNIQUE (group_id, unit_id)
        );
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            number TEXT NOT NULL DEFAULT '',
            issued_on TEXT,                -- ISO date
            title TEXT NOT NULL,
            issuing_body TEXT NOT NULL DEFAULT '',
            governing_body TEXT NOT NULL DEFAULT '',
            legal_bases TEXT NOT NULL DEFAULT '',
            purposes TEXT NOT NULL DEFAULT '',
            requirements TEXT NOT NULL DEFAULT '',
            audiences TEXT NOT NULL DEFAULT '',
            budget_note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','issued')),
            source_plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL
        );
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sections_plan ON sections(plan_id, parent_id, position);
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            content TEXT NOT NULL DEFAULT '',
            product TEXT NOT NULL DEFAULT '',
            timeline TEXT NOT NULL DEFAULT '',
            manual_kind TEXT,              -- rule set by hand when the wording is unreadable
            manual_dates TEXT NOT NULL DEFAULT '[]',   -- JSON list of ISO dates
            forms TEXT NOT NULL DEFAULT '[]',          -- JSON list of form codes
            audiences TEXT NOT NULL DEFAULT '[]',      -- JSON list of audience codes
            targets TEXT NOT NULL DEFAULT '{}',        -- JSON {indicator code: number}
            budget INTEGER NOT NULL DEFAULT 0,         -- đồng
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX tasks_plan ON tasks(plan_id, section_id, position);
        CREATE TABLE task_units (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('lead','coordinating')),
            unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
            group_id INTEGER REFERENCES unit_groups(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            CHECK ((unit_id IS NULL) <> (group_id IS NULL))
        );
        CREATE INDEX task_units_task ON task_units(task_id, role, position);
        CREATE INDEX task_units_unit ON task_units(unit_id);
        CREATE INDEX task_units_group ON task_units(group_id);
        CREATE INDEX group_members_unit ON group_members(unit_id);

        -- Undo/redo: triggers write the inverse SQL of every change made inside a user action.
        CREATE TABLE undo_actions (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            stack TEXT NOT NULL CHECK (stack IN ('undo','redo','done')),
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE TABLE undo_log (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL,
            sql TEXT NOT NULL
        );
        CREATE INDEX undo_log_action ON undo_log(action_id);
        CREATE TABLE undo_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current INTEGER                -- the action being recorded, NULL when none
        );
        INSERT INTO undo_state (id, current) VALUES (1, NULL);
        """
    )
    install_undo_triggers(
        db,
        (
            "settings",
            "units",
            "unit_groups",
            "group_members",
            "plans",
            "sections",
            "tasks",
            "task_units",
        ),
    )


@migrations()
def m002_tracking(db: Database) -> None:
    """Assignments (fanned out per unit), occurrences, results, evidence, history, search."""
    db.executescript(
        """
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('lead','coordinating')),
            origin TEXT NOT NULL DEFAULT 'plan' CHECK (origin IN ('plan','manual')),
            active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (task_id, unit_id)
        );
        CREATE INDEX assignments_unit ON assignments(unit_id, active);
        CREATE TABLE occurrences (
            id INTEGER PRIMARY KEY,
            assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
            key TEXT NOT NULL,             -- ISO due date, quarter (Q1..Q4) or manual-N
            due TEXT,                      -- ISO date
            label TEXT NOT NULL DEFAULT '',
            manual INTEGER NOT NULL DEFAULT 0,   -- added by hand (event-driven tasks)
            detached INTEGER NOT NULL DEFAULT 0, -- no longer produced by the timeline; kept for its result
            UNIQUE (assignment_id, key)
        );
        CREATE INDEX occurrences_due ON occurrences(due);
        CREATE TABLE results (
            id INTEGER PRIMARY KEY,
            occurrence_id INTEGER NOT NULL UNIQUE REFERENCES occurrences(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('done','in_progress','not_done')),
            completed_on TEXT,
            reason TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            "values" TEXT NOT NULL DEFAULT '{}',   -- JSON {indicator code: number}
            updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            updated_by TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('file','link')),
            name TEXT NOT NULL,
            path TEXT NOT NULL DEFAULT '',     -- relative to the data folder
            sha256 TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE TABLE session_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            user TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO session_state (id, user) VALUES (1, '');
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            user TEXT NOT NULL DEFAULT '',
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            task_id INTEGER,
            action TEXT NOT NULL,
            old TEXT,
            new TEXT
        );
        CREATE INDEX history_row ON history(table_name, row_id);
        CREATE INDEX history_task ON history(task_id);
        CREATE VIRTUAL TABLE search_fts USING fts5(
            kind UNINDEXED, ref_id UNINDEXED, plan_id UNINDEXED, text,
            tokenize = "unicode61 remove_diacritics 2"
        );
        """
    )
    install_history_triggers(db)
    install_search_triggers(db)
    install_undo_triggers(db, ("assignments", "occurrences", "results", "evidence"))
    _derive_assignments(db)
    for kind, plan_col, text, table in (
        ("task", "plan_id", "content || ' ' || product || ' ' || timeline || ' ' || note", "tasks"),
        ("unit", "NULL", "name || ' ' || short_name", "units"),
        ("plan", "id", "title || ' ' || number", "plans"),
    ):
        db.execute(
            "INSERT INTO search_fts (kind, ref_id, plan_id, text) "
            f"SELECT '{kind}', id, {plan_col}, {_FOLD_SQL.format(text)} FROM {table}"
        )


def _derive_assignments(db: Database) -> None:
    """Fan out the assignments and occurrences of plans written before tracking existed.

    Frozen: the store's fan-out as it stood when m002 was written (``sync_task`` applied to
    every task of a file that had no assignment, occurrence or result yet), copied here so
    that this migration never changes when the live store does, and never imports it.  On
    such a file that fan-out reduces to: every unit a task names (a group stands for its
    active members, ordered as the units are; inactive units are left out; a unit named as
    lead and coordinating is lead) gets one assignment, and every assignment gets the
    occurrences of the task's timeline.

    What is called, not copied, is core's reading of a timeline and of the office's periods
    (:func:`~cchc_desktop.core.timeline.read_timeline`, :func:`~cchc_desktop.core.timeline.rule_from_dates`,
    :func:`~cchc_desktop.core.occurrences.occurrences_for`, :func:`~cchc_desktop.core.periods.rules_from_data`):
    pure functions with their own tests, and deliberately current, so that an old file's
    tasks get the schedule the program reads today, the same one saving the task again
    would give.  ``tests/test_migrations.py`` checks that a file upgraded here holds what
    the live store's own fan-out makes of it.

    The statements are those the store ran, word for word where SQLite's row order depends
    on them (``SELECT id FROM tasks`` may be answered from an index): the ids given to
    assignments and occurrences, and the history rows the triggers write, are the same.
    """
    rules = _m002_period_rules(db)
    groups = _m002_groups(db)
    active = {r[0] for r in db.execute("SELECT id FROM units WHERE active")}
    for (task_id,) in db.execute("SELECT id FROM tasks").fetchall():
        task = db.execute(
            "SELECT plan_id, timeline, manual_kind, manual_dates FROM tasks WHERE id = ?",
            [task_id],
        ).fetchone()
        year = db.execute("SELECT year FROM plans WHERE id = ?", [task[0]]).fetchone()[0]
        refs: dict[str, list[tuple[str, int]]] = {}
        for role, unit_id, group_id in db.execute(
            "SELECT tu.role, tu.unit_id, tu.group_id FROM task_units tu WHERE tu.task_id = ? "
            "ORDER BY tu.task_id, tu.role, tu.position, tu.id",
            [task_id],
        ):
            ref = ("unit", unit_id) if unit_id is not None else ("group", group_id)
            refs.setdefault(role, []).append(ref)
        wanted: dict[int, str] = {}
        for uid in _m002_expand(refs.get("lead", []), groups, active):
            wanted[uid] = "lead"
        for uid in _m002_expand(refs.get("coordinating", []), groups, active):
            wanted.setdefault(uid, "coordinating")
        for uid, role in wanted.items():
            db.execute(
                "INSERT INTO assignments (task_id, unit_id, role, origin, active) VALUES (?, ?, ?, 'plan', 1)",
                [task_id, uid, role],
            )
        if task[2]:
            dates = [date.fromisoformat(d) for d in json.loads(task[3])]
            rule = rule_from_dates(task[1], task[2], tuple(dates))
        else:
            rule = read_timeline(task[1], year)
        planned = occurrences_for(rule, year, rules)
        for arow in db.query("SELECT id FROM assignments WHERE task_id = ? AND active", [task_id]):
            for p in planned:
                db.execute(
                    "INSERT INTO occurrences (assignment_id, key, due, label) VALUES (?, ?, ?, ?)",
                    [arow["id"], p.key, p.due.isoformat() if p.due else None, p.label],
                )


def _m002_period_rules(db: Database) -> tuple[PeriodRule, ...]:
    """The office's reporting periods as m002 read them: the defaults when the setting is
    missing or not JSON, else what core makes of it (its errors are not told here)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", ["period_rules"]).fetchone()
    if row is None:
        return DEFAULT_PERIOD_RULES
    try:
        data = json.loads(row[0])
    except ValueError:
        return DEFAULT_PERIOD_RULES
    if data is None:
        return DEFAULT_PERIOD_RULES
    return rules_from_data(data)[0]


def _m002_groups(db: Database) -> dict[int, list[int]]:
    """``{group id: member unit ids}`` in the units' order, every group (empty ones too)."""
    groups: dict[int, list[int]] = {r[0]: [] for r in db.execute("SELECT id FROM unit_groups")}
    for gid, uid in db.execute(
        "SELECT m.group_id, m.unit_id FROM group_members m JOIN units u ON u.id = m.unit_id "
        "ORDER BY u.position, u.id"
    ).fetchall():
        groups.setdefault(gid, []).append(uid)
    return groups


def _m002_expand(
    refs: list[tuple[str, int]], groups: dict[int, list[int]], active: set[int]
) -> list[int]:
    """Unit ids named by ``refs``: a group's active members, a unit if active, no repeats."""
    out: list[int] = []
    for kind, ref_id in refs:
        ids = groups[ref_id] if kind == "group" and ref_id in groups else [ref_id]
        out.extend(i for i in ids if i in active and i not in out)
    return out


@migrations()
def m003_report_snapshots(db: Database) -> None:
    """Issued reports frozen as sent: their figures, wording and files."""
    db.executescript(
        """
        CREATE TABLE report_snapshots (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL,
            period_code TEXT NOT NULL,
            period_name TEXT NOT NULL,
            number TEXT NOT NULL DEFAULT '',
            issued_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            issued_by TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL              -- JSON: header, texts, counts, annex rows
        );
        CREATE TABLE report_files (
            id INTEGER PRIMARY KEY,
            snapshot_id INTEGER NOT NULL REFERENCES report_snapshots(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL
        );
        """
    )
    install_undo_triggers(db, ("report_snapshots", "report_files"))


@migrations()
def m004_imports(db: Database) -> None:
    """Imports of returned workbooks, each with the results it replaced, to undo it as a whole later."""
    db.executescript(
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            user TEXT NOT NULL DEFAULT '',
            files TEXT NOT NULL,            -- JSON list of file names
            rows INTEGER NOT NULL,
            before TEXT NOT NULL,           -- JSON {occurrence id: result state before, or null}
            undone_at TEXT
        );
        """
    )
    install_undo_triggers(db, ("imports",))


# FTS5's remove_diacritics does not fold đ/Đ: do it in SQL so triggers need no Python function.
_FOLD_SQL = "replace(replace({}, 'đ', 'd'), 'Đ', 'D')"

_HISTORY = {
    "tasks": (
        "id",
        [
            "content",
            "product",
            "timeline",
            "manual_kind",
            "manual_dates",
            "forms",
            "audiences",
            "targets",
            "budget",
            "note",
            "section_id",
            "position",
        ],
    ),
    "assignments": ("task_id", ["task_id", "unit_id", "role", "origin", "active"]),
    "results": (
        "(SELECT a.task_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
        "WHERE o.id = {row}.occurrence_id)",
        ["occurrence_id", "status", "completed_on", "reason", "description", "values"],
    ),
    "task_units": ("task_id", ["task_id", "role", "unit_id", "group_id"]),
}


def install_history_triggers(db: Database) -> None:
    """Who changed what, when, with old and new values, for tasks, assignments and results."""
    user = "(SELECT user FROM session_state WHERE id = 1)"
    for table, (task_expr, cols) in _HISTORY.items():

        def obj(row: str, cols: list[str] = cols) -> str:
            return "json_object(" + ", ".join(f"'{c}', {row}.\"{c}\"" for c in cols) + ")"

        def task(row: str, task_expr: str = task_expr) -> str:
            return task_expr.format(row=row) if "{row}" in task_expr else f"{row}.{task_expr}"

        changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in cols)
        db.executescript(
            f"""
            CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table} BEGIN
              INSERT INTO history (user, table_name, row_id, task_id, action, old, new)
              VALUES ({user}, '{table}', new.id, {task("new")}, 'insert', NULL, {obj("new")});
            END;
            CREATE TRIGGER history_{table}_update AFTER UPDATE ON {table} WHEN {changed} BEGIN
              INSERT INTO history (user, table_name, row_id, task_id, action, old, new)
              VALUES ({user}, '{table}', new.id, {task("new")}, 'update', {obj("old")}, {obj("new")});
            END;
            CREATE TRIGGER history_{table}_delete BEFORE DELETE ON {table} BEGIN
              INSERT INTO history (user, table_name, row_id, task_id, action, old, new)
              VALUES ({user}, '{table}', old.id, {task("old")}, 'delete', {obj("old")}, NULL);
            END;
            """
        )


_SEARCH = {
    "tasks": (
        "task",
        "new.plan_id",
        "new.content || ' ' || new.product || ' ' || new.timeline || ' ' || new.note",
    ),
    "units": ("unit", "NULL", "new.name || ' ' || new.short_name"),
    "plans": ("plan", "new.id", "new.title || ' ' || new.number"),
    "results": (
        "result",
        "(SELECT t.plan_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
        "JOIN tasks t ON t.id = a.task_id WHERE o.id = new.occurrence_id)",
        "new.description || ' ' || new.reason",
    ),
}


def install_search_triggers(db: Database) -> None:
    """Keep the FTS5 index in step with every write, undo and redo included."""
    for table, (kind, plan_expr, text) in _SEARCH.items():
        folded = _FOLD_SQL.format(text)
        db.executescript(
            f"""
            CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN
              INSERT INTO search_fts (kind, ref_id, plan_id, text) VALUES ('{kind}', new.id, {plan_expr}, {folded});
            END;
            CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN
              DELETE FROM search_fts WHERE kind = '{kind}' AND ref_id = old.id;
              INSERT INTO search_fts (kind, ref_id, plan_id, text) VALUES ('{kind}', new.id, {plan_expr}, {folded});
            END;
            CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN
              DELETE FROM search_fts WHERE kind = '{kind}' AND ref_id = old.id;
            END;
            """
        )


_KIND_CODE = {"task": 1, "unit": 2, "plan": 3, "result": 4}


@migrations()
def m005_search_by_rowid(db: Database) -> None:
    """Address search rows by rowid (record id × 8 + kind): an FTS5 delete by an UNINDEXED
    column scans the whole index, which made every result edit slow on a large office."""
    for table in _SEARCH:
        for suffix in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    db.execute("DELETE FROM search_fts")
    for table, (kind, plan_expr, text) in _SEARCH.items():
        code = _KIND_CODE[kind]
        src = text.replace("new.", "t.")
        plan_src = plan_expr.replace("new.", "t.")
        db.execute(
            f"INSERT INTO search_fts (rowid, kind, ref_id, plan_id, text) "
            f"SELECT t.id * 8 + {code}, '{kind}', t.id, {plan_src}, {_FOLD_SQL.format(src)} FROM {table} t"
        )
        folded = _FOLD_SQL.format(text)
        db.executescript(
            f"""
            CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN
              INSERT INTO search_fts (rowid, kind, ref_id, plan_id, text)
              VALUES (new.id * 8 + {code}, '{kind}', new.id, {plan_expr}, {folded});
            END;
            CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN
              DELETE FROM search_fts WHERE rowid = old.id * 8 + {code};
              INSERT INTO search_fts (rowid, kind, ref_id, plan_id, text)
              VALUES (new.id * 8 + {code}, '{kind}', new.id, {plan_expr}, {folded});
            END;
            CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN
              DELETE FROM search_fts WHERE rowid = old.id * 8 + {code};
            END;
            """
        )


def search_rows_sql(table: str) -> str:
    """``INSERT … SELECT`` of the search rows of ``table``'s rows (aliased ``t``; add a WHERE),
    as its search triggers since m005 write them one row at a time."""
    kind, plan_expr, text = _SEARCH[table]
    return (
        "INSERT INTO search_fts (rowid, kind, ref_id, plan_id, text) "
        f"SELECT t.id * 8 + {_KIND_CODE[kind]}, '{kind}', t.id, {plan_expr.replace('new.', 't.')}, "
        f"{_FOLD_SQL.format(text.replace('new.', 't.'))} FROM {table} t"
    )


@migrations()
def m006_evidence_by_result(db: Database) -> None:
    """Index evidence by result: every list of occurrences counts each one's evidence, and
    without the index that count scanned the whole table per row (seconds on a large office)."""
    db.execute("CREATE INDEX IF NOT EXISTS evidence_result ON evidence(result_id)")


@migrations()
def m007_issued_reports_outside_undo(db: Database) -> None:
    """An issued report is never undone: no undo triggers on its snapshot and files (m003 gave
    them some, so Ctrl+Z after issuing deleted the snapshot, and redo brought it back).

    What stays undoable is the snapshot's link to its plan: deleting a plan sets ``plan_id`` to
    NULL, and undoing the deletion must link the plan's issued reports again; that one
    trigger records only that column, never an insert or a delete.

    ``history_id`` is the newest ``history`` row when the report was issued, so "changed since"
    is exact (two writes in the same second, or a computer clock set back, do not fool it);
    reports issued before this migration get the newest row written up to their time.
    """
    for table in ("report_snapshots", "report_files"):
        for suffix in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER IF EXISTS undo_{table}_{suffix}")
    db.executescript(
        """
        ALTER TABLE report_snapshots ADD COLUMN history_id INTEGER;
        UPDATE report_snapshots SET history_id = COALESCE(
            (SELECT MAX(h.id) FROM history h WHERE h.at <= report_snapshots.issued_at), 0);
        CREATE TRIGGER undo_report_snapshots_plan AFTER UPDATE OF plan_id ON report_snapshots
        WHEN (SELECT current FROM undo_state WHERE id = 1) IS NOT NULL
             AND old.plan_id IS NOT new.plan_id BEGIN
          INSERT INTO undo_log (action_id, sql) VALUES (
            (SELECT current FROM undo_state WHERE id = 1),
            'UPDATE report_snapshots SET plan_id = ' || quote(old.plan_id) || ' WHERE rowid = ' || old.rowid);
        END;
        """
    )


@migrations()
def m008_plan_sections(db: Database) -> None:
    """The plan's own sections as the plans offices issue write them: Nội dung tuyên truyền,
    Hình thức by audience, Tổ chức thực hiện unit by unit (JSON list of {name, text, request}),
    the duty to report, the closing paragraph, and the Quyết định that issues the plan.

    NULL means “not written yet” (the document prints the default built from the office's
    data), an empty text “left out on purpose”; ``decision`` is empty for a plan issued on its
    own.  The undo triggers of ``plans`` are made again so that they know the new columns.
    """
    db.executescript(
        """
        ALTER TABLE plans ADD COLUMN topics TEXT;
        ALTER TABLE plans ADD COLUMN forms_text TEXT;
        ALTER TABLE plans ADD COLUMN duties TEXT;
        ALTER TABLE plans ADD COLUMN reporting TEXT;
        ALTER TABLE plans ADD COLUMN closing TEXT;
        ALTER TABLE plans ADD COLUMN decision TEXT NOT NULL DEFAULT '';
        """
    )
    install_undo_triggers(db, ("plans",))


@migrations()
def m009_plan_scan_indexes(db: Database) -> None:
    """An index that answers, without reading the rows, what the opening figures, the
    dashboard and the assignment matrix ask of each occurrence of a plan, which they read
    assignment by assignment: its due date and whether it is detached.  On a province (fifty
    thousand occurrences a year) reading the rows took a fifth of the greeting's time."""
    db.execute(
        "CREATE INDEX occurrences_assignment_due ON occurrences(assignment_id, due, detached)"
    )


# The occurrences still open: no result yet, or one in progress (a result "done" or "not
# done" closes its occurrence: core.status.CLOSING_STATUSES).  Derived data, written only by
# the triggers of m010 and rebuilt whole by this statement (the migration, a restore).  Frozen
# with m010: a later change to the table or its rule is a new migration with its own statement
# (and DERIVED_TABLES then names that one).
OPEN_OCCURRENCES_FILL = """INSERT INTO open_occurrences (occurrence_id, due, assignment_id)
    SELECT o.id, o.due, o.assignment_id FROM occurrences o
    WHERE NOT EXISTS (SELECT 1 FROM results r
                      WHERE r.occurrence_id = o.id AND r.status IN ('done', 'not_done'))"""


@migrations()
def m010_open_occurrences(db: Database) -> None:
    """The open occurrences by due date, kept by triggers, for the greeting's counts.

    "Hôm nay" counts what is overdue and what falls due in 14 days across two years of plans:
    on a province a hundred thousand occurrences and their results, read at every start
    (a tenth of a second and more, on the start's path).  Nine in ten of them are closed;
    this table holds the others by due date, so the count reads ten thousand index entries.
    Not undone, not in the history: its triggers follow every write to occurrences and
    results, undo and redo included, and a restore rebuilds it whole."""
    db.executescript(
        f"""
        CREATE TABLE open_occurrences (
            occurrence_id INTEGER PRIMARY KEY,
            due TEXT,
            assignment_id INTEGER NOT NULL
        );
        {OPEN_OCCURRENCES_FILL};
        CREATE INDEX open_occurrences_due ON open_occurrences(due, assignment_id);
        CREATE TRIGGER open_occurrences_insert AFTER INSERT ON occurrences BEGIN
          INSERT OR REPLACE INTO open_occurrences (occurrence_id, due, assignment_id)
          SELECT new.id, new.due, new.assignment_id WHERE NOT EXISTS (SELECT 1 FROM results r
              WHERE r.occurrence_id = new.id AND r.status IN ('done', 'not_done'));
        END;
        CREATE TRIGGER open_occurrences_update AFTER UPDATE OF id, due, assignment_id
            ON occurrences BEGIN
          UPDATE open_occurrences SET occurrence_id = new.id, due = new.due,
              assignment_id = new.assignment_id WHERE occurrence_id = old.id;
        END;
        CREATE TRIGGER open_occurrences_delete AFTER DELETE ON occurrences BEGIN
          DELETE FROM open_occurrences WHERE occurrence_id = old.id;
        END;
        CREATE TRIGGER open_occurrences_result_insert AFTER INSERT ON results
            WHEN new.status IN ('done', 'not_done') BEGIN
          DELETE FROM open_occurrences WHERE occurrence_id = new.occurrence_id;
        END;
        CREATE TRIGGER open_occurrences_result_update AFTER UPDATE OF occurrence_id, status
            ON results WHEN old.occurrence_id IS NOT new.occurrence_id
                            OR old.status IS NOT new.status BEGIN
          DELETE FROM open_occurrences
              WHERE occurrence_id IN (old.occurrence_id, new.occurrence_id);
          INSERT INTO open_occurrences (occurrence_id, due, assignment_id)
          SELECT o.id, o.due, o.assignment_id FROM occurrences o
          WHERE o.id IN (old.occurrence_id, new.occurrence_id) AND NOT EXISTS (
              SELECT 1 FROM results r
              WHERE r.occurrence_id = o.id AND r.status IN ('done', 'not_done'));
        END;
        CREATE TRIGGER open_occurrences_result_delete AFTER DELETE ON results
            WHEN old.status IN ('done', 'not_done') BEGIN
          INSERT OR IGNORE INTO open_occurrences (occurrence_id, due, assignment_id)
          SELECT o.id, o.due, o.assignment_id FROM occurrences o WHERE o.id = old.occurrence_id;
        END;
        """
    )


# What the dashboard's statement reads of each occurrence that can count in a report: one of
# an active assignment, with a due date, not detached; with its plan, unit, task, whether its
# assignment leads, and its result's status, completion date and figures.  Derived data,
# written only by the triggers of m011 and rebuilt whole by this statement (the migration, a
# restore).  Frozen with m011, as OPEN_OCCURRENCES_FILL with m010.
OCCURRENCE_FACTS_SELECT = """SELECT t.plan_id, o.due, o.id, a.id, a.unit_id, a.task_id,
        a.role = 'lead', r.status, r.completed_on, r."values"
    FROM occurrences o
    JOIN assignments a ON a.id = o.assignment_id AND a.active
    JOIN tasks t ON t.id = a.task_id
    LEFT JOIN results r ON r.occurrence_id = o.id
    WHERE o.due IS NOT NULL AND NOT o.detached"""
OCCURRENCE_FACTS_FILL = f"""INSERT INTO occurrence_facts (plan_id, due, occurrence_id,
        assignment_id, unit_id, task_id, lead, status, completed_on, vals)
    {OCCURRENCE_FACTS_SELECT}"""


@migrations()
def m011_occurrence_facts(db: Database) -> None:
    """The occurrences that can count in a report, by plan and due date, with what the
    dashboard's statement asks of each, kept by triggers.

    The dashboard of a period reads every occurrence of the plan's year up to the period's end
    (an earlier one counts while it was still open when the period's window began): on a
    province fifty thousand, each through its task, its assignment and its result, at every
    first visit and at every start.  Read from this table instead, clustered by plan and due
    date, the rows cost a third (53 → 15 ms on the province) and the whole statement some 40 %
    less.  Not undone, not in the history: its triggers follow every write to occurrences,
    results, assignments and tasks, undo and redo included, and a restore rebuilds it."""
    db.executescript(
        f"""
        CREATE TABLE occurrence_facts (
            plan_id INTEGER NOT NULL,
            due TEXT NOT NULL,
            occurrence_id INTEGER NOT NULL,
            assignment_id INTEGER NOT NULL,
            unit_id INTEGER NOT NULL,
            task_id INTEGER NOT NULL,
            lead INTEGER NOT NULL,
            status TEXT,
            completed_on TEXT,
            vals TEXT,
            PRIMARY KEY (plan_id, due, occurrence_id)
        ) WITHOUT ROWID;
        {OCCURRENCE_FACTS_FILL};
        CREATE UNIQUE INDEX occurrence_facts_occurrence ON occurrence_facts(occurrence_id);
        CREATE INDEX occurrence_facts_assignment ON occurrence_facts(assignment_id);
        CREATE TRIGGER occurrence_facts_insert AFTER INSERT ON occurrences BEGIN
          {OCCURRENCE_FACTS_FILL} AND o.id = new.id;
        END;
        CREATE TRIGGER occurrence_facts_update
            AFTER UPDATE OF id, assignment_id, due, detached ON occurrences
            WHEN old.id IS NOT new.id OR old.assignment_id IS NOT new.assignment_id
                 OR old.due IS NOT new.due OR old.detached IS NOT new.detached BEGIN
          DELETE FROM occurrence_facts WHERE occurrence_id = old.id;
          {OCCURRENCE_FACTS_FILL} AND o.id = new.id;
        END;
        CREATE TRIGGER occurrence_facts_delete AFTER DELETE ON occurrences BEGIN
          DELETE FROM occurrence_facts WHERE occurrence_id = old.id;
        END;
        CREATE TRIGGER occurrence_facts_result_insert AFTER INSERT ON results BEGIN
          UPDATE occurrence_facts SET status = new.status, completed_on = new.completed_on,
              vals = new."values" WHERE occurrence_id = new.occurrence_id;
        END;
        CREATE TRIGGER occurrence_facts_result_update
            AFTER UPDATE OF occurrence_id, status, completed_on, "values" ON results
            WHEN old.occurrence_id IS NOT new.occurrence_id OR old.status IS NOT new.status
                 OR old.completed_on IS NOT new.completed_on
                 OR old."values" IS NOT new."values" BEGIN
          UPDATE occurrence_facts SET status = NULL, completed_on = NULL, vals = NULL
              WHERE occurrence_id = old.occurrence_id;
          UPDATE occurrence_facts SET status = new.status, completed_on = new.completed_on,
              vals = new."values" WHERE occurrence_id = new.occurrence_id;
        END;
        CREATE TRIGGER occurrence_facts_result_delete AFTER DELETE ON results BEGIN
          UPDATE occurrence_facts SET status = NULL, completed_on = NULL, vals = NULL
              WHERE occurrence_id = old.occurrence_id;
        END;
        CREATE TRIGGER occurrence_facts_assignment_update
            AFTER UPDATE OF id, task_id, unit_id, role, active ON assignments
            WHEN old.id IS NOT new.id OR old.task_id IS NOT new.task_id
                 OR old.unit_id IS NOT new.unit_id OR old.role IS NOT new.role
                 OR old.active IS NOT new.active BEGIN
          DELETE FROM occurrence_facts WHERE assignment_id = old.id;
          {OCCURRENCE_FACTS_FILL} AND o.assignment_id = new.id;
        END;
        CREATE TRIGGER occurrence_facts_assignment_insert AFTER INSERT ON assignments BEGIN
          {OCCURRENCE_FACTS_FILL.replace("INSERT INTO", "INSERT OR REPLACE INTO", 1)}
              AND o.assignment_id = new.id;
        END;
        CREATE TRIGGER occurrence_facts_task_insert AFTER INSERT ON tasks BEGIN
          {OCCURRENCE_FACTS_FILL.replace("INSERT INTO", "INSERT OR REPLACE INTO", 1)}
              AND a.task_id = new.id;
        END;
        CREATE TRIGGER occurrence_facts_assignment_delete AFTER DELETE ON assignments BEGIN
          DELETE FROM occurrence_facts WHERE assignment_id = old.id;
        END;
        CREATE TRIGGER occurrence_facts_task_update AFTER UPDATE OF id, plan_id ON tasks
            WHEN old.id IS NOT new.id OR old.plan_id IS NOT new.plan_id BEGIN
          DELETE FROM occurrence_facts
              WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = old.id);
          {OCCURRENCE_FACTS_FILL} AND a.task_id = new.id;
        END;
        """
    )


@migrations()
def m012_open_and_done_facts(db: Database) -> None:
    """Two covering indexes of ``occurrence_facts``: its open rows by plan and due date, its
    done rows by plan and completion date.

    The greeting counts the open occurrences of two years' plans: read through
    ``open_occurrences`` and its joins, ten thousand rows on a province, three lookups each
    (10 ms at every start); from the open rows' index, the same count reads its entries and
    nothing else (1 ms), and leaves out what reports leave out (a detached occurrence is not
    overdue work).  The dashboard's carried-over occurrences are the earlier months' open ones
    and those done since the period's window opened: read from the two indexes rather than
    every row of the earlier months (forty thousand on a province for eight thousand carried),
    its statement takes a third less.  Each index holds every column the two statements read
    (they never touch the table), only for the rows it is for (status open, or done); nothing
    else reads ``open_occurrences`` now, so it and its triggers go."""
    db.executescript(
        """
        CREATE INDEX occurrence_facts_open
            ON occurrence_facts(plan_id, due, status, unit_id, task_id, lead, completed_on, vals)
            WHERE status IS NULL OR status = 'in_progress';
        CREATE INDEX occurrence_facts_done
            ON occurrence_facts(plan_id, completed_on, due, status, unit_id, task_id, lead, vals)
            WHERE status = 'done';
        DROP TRIGGER open_occurrences_insert;
        DROP TRIGGER open_occurrences_update;
        DROP TRIGGER open_occurrences_delete;
        DROP TRIGGER open_occurrences_result_insert;
        DROP TRIGGER open_occurrences_result_update;
        DROP TRIGGER open_occurrences_result_delete;
        DROP TABLE open_occurrences;
        """
    )


# Tables of derived data, and the statement that fills each whole from the rows it derives
# from: a restore fills them rather than copy them (store.backup).  ``open_occurrences`` is
# dropped by m012; a backup taken before it still has one, filled at its version.
DERIVED_TABLES: dict[str, str] = {
    "open_occurrences": OPEN_OCCURRENCES_FILL,
    "occurrence_facts": OCCURRENCE_FACTS_FILL,
}


if tuple(m.name for m in migrations._migrations) != MIGRATION_NAMES:
    # opening a file trusts that list to tell a current file without importing this module
    raise RuntimeError("store.database.MIGRATION_NAMES must list the migrations above, in order")

# Version numbers shown to users and used to refuse files written by a newer program.
SCHEMA_VERSION = len(migrations._migrations)
