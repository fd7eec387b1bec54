"""Offline verification of Open Badges 3.0 credentials: checks and the report."""
