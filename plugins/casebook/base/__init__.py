"""Owns what every part needs: diagnostics, YAML reading with positions, dates, languages, UI strings, typography.
May import nothing of Casebook's: it is the bottom part."""
