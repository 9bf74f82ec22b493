"""Views of a `FactBase`: factfile/1 JSON first; everything else is derived from it."""
