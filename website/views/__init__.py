"""The public pages, one module per kind of page."""
