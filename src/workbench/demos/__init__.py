"""Numeric demos: seeded numpy experiments that animate a topic, drawn by `plot`."""
