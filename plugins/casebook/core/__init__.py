"""Domain core: load, validate and model cases, concepts and references. No MkDocs here."""
