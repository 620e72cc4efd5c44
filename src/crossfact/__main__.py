"""Allow ``python -m crossfact``."""

from crossfact.cli import entry

entry()
