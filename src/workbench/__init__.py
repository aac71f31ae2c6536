"""workbench: a terminal study workbench for machine-learning interview preparation."""

__version__ = "0.1.0"
