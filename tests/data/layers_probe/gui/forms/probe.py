"""Generated forms are not checked."""

x = "PRAGMA optimize"
