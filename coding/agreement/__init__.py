"""Agreement between coders: reliability coefficients over codings."""
