"""Every write of the awards app, one module per concern (docs/architecture.md §1)."""
