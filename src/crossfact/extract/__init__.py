"""Per-article extractors: entities, quantities, times, quotes and facts, each with offsets into the cleaned text."""
