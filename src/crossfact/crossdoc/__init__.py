"""Cross-article stages: text reuse and provenance, families, stories, claims."""
