"""Owns comparison: the meta-matrix, variable-by-case matrices, selections, the ``casebook-compare`` block, pictures.
May import ``base``, ``bibliography``, ``model`` and ``content``."""
