"""Owns the case model: cases, concepts and vocabularies as immutable objects, their schema, loading and validation.
May import ``base`` and ``bibliography``."""
