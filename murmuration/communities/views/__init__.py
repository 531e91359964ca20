"""Web pages for communities and groups, one module per responsibility (see urls.py)."""
