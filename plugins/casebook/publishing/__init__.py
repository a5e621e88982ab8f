"""Owns the pages and files a site publishes: case, concept and compare pages, exports, sitemap, search, citations.
May import every part but ``mkdocs``; it imports no MkDocs either."""
