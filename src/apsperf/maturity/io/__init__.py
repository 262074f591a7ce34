"""Reading: self-assessment JSON files, scale files (the bundled one too) and the samples."""
