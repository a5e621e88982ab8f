"""Owns the texts and the loaded collection: Markdown, pandoc citations, French typography, the corpus of everything.
May import ``base``, ``bibliography`` and ``model``."""
