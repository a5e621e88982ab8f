"""Owns the MkDocs plugins, thin adapters over ``publishing``: casebook/cases, concepts, bibliography and compare.
May import every part; the only part that imports MkDocs."""
