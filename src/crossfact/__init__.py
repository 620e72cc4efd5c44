"""crossfact: cross-source analysis of news articles, with an evidence span behind every answer."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("crossfact")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

from crossfact.pipeline import analyze

__all__ = ["__version__", "analyze"]
