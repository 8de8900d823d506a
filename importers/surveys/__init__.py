"""Survey exports (CSV, XLSX) -> respondents, typed attributes, free-text answers."""
