"""Bibliography core: BibTeX loading, APA 7 rendering in French and English, pandoc citations.

No MkDocs here: ``casebook.mkdocs.bibliography`` is the plugin over it.
"""
