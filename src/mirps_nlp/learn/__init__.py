"""The learned parts: datasets from the gold corpus, JSON-stored linear models, training."""
