"""Every read the awards pages need (docs/architecture.md §1)."""
