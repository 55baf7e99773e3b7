"""A static-site generator for peer support directories."""

__version__ = "0.1.0"
