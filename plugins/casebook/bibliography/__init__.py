"""Owns the references: BibTeX and CSL-YAML loading, APA 7 in French and English, CSL-JSON, RIS and COinS exports.
May import ``base`` only."""
