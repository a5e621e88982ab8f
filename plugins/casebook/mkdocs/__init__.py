"""Thin MkDocs adapters over the Casebook core: ``casebook/cases``, ``casebook/concepts``, ``casebook/bibliography``."""
