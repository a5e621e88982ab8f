"""Casebook: publish bilingual case studies as a static site.

The package's folders are the pipeline's parts; each imports only the parts below it:

    base ← bibliography ← model ← content ← compare ← publishing ← mkdocs, cli

Nothing but ``casebook.mkdocs`` imports MkDocs. ``tests/test_layout.py`` checks the direction.
"""

__version__ = "0.1.0"
