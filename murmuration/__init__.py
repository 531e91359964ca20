"""Murmuration: software for communities that organise themselves in small groups."""
