"""A synthetic bibliographic corpus with planted topics, written in real export formats."""
