"""Thin views of the awards app, one module per page group (docs/architecture.md §1)."""
