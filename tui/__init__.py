"""The soumnet terminal UI over the hub's records (the only package that imports Textual)."""
