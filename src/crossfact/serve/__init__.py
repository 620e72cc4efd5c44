"""The analyst's workbench (``crossfact serve``): a local web app over a store's last report, with pages to
triage claims, read one claim or one article's digest, narrow findings and search, and a JSON API of the
report's records. Needs the ``serve`` extra (FastAPI, uvicorn): ``pip install 'crossfact[serve]'``.

:mod:`~crossfact.serve.queries` reads the store, :mod:`~crossfact.serve.views` shapes what the pages show and
:mod:`~crossfact.serve.app` holds the routes.
"""

from __future__ import annotations

from crossfact.serve.app import create_app

__all__ = ["create_app"]
