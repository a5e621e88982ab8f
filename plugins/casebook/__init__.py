"""Casebook: publish bilingual case studies of public-sector collaboration.

The domain core (``casebook.core`` and ``casebook.bibliography``) does not import MkDocs;
``casebook.mkdocs`` holds the thin MkDocs plugins over it.
"""

__version__ = "0.1.0"
