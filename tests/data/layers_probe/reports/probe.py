"""A second probe: an executescript on anything is SQL."""

x = object().executescript
