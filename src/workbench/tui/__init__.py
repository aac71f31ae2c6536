"""The Textual user interface; it only wires the core together."""
