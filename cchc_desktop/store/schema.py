"""The database schema, built only by migrations (sqlite-utils' built-in ``Migrations``).

A schema change is always a new function appended here, never an edit of an old one: offices
keep their file for years and every older file must upgrade step by step.  ``tests/data``
holds a database of every released schema version and a test upgrades each one.

Room is left for what later capabilities add (assignments, occurrences, results, evidence,
audit history, report snapshots); those tables arrive with their own migrations.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from cchc_desktop.store.undo import TRACKED_TABLES, install_undo_triggers

migrations = Migrations("cchc_desktop")


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
    install_undo_triggers(db, TRACKED_TABLES)


# Version numbers shown to users and used to refuse files written by a newer program.
SCHEMA_VERSION = len(migrations._migrations)
