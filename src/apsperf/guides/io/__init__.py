"""Reading: the packaged guides, an agency's own content files, and overlays."""
