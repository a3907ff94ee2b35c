"""Inside store/ SQL is at home: the check leaves this file alone."""

SQL = "DELETE FROM units WHERE id = ?"
