"""A module the SQL check must refuse (read by tests/test_layers.py, never imported).

``SELECT name FROM units`` in a docstring is only words."""


def probe(store, table):
    rows = store.db.execute("select id from units where active")
    store.imports.record([], 0, {})
    store.conn.commit()
    label = "Chọn từ danh sách"  # Vietnamese words, not SQL
    sql = f"UPDATE {table} SET position = ?"
    import sqlite3

    return rows, label, sql, sqlite3
