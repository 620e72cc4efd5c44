"""``report.html``: one self-contained page a fact-checker can read offline, built in three steps.

:mod:`.view` turns the Report into plain records (the only module that knows the Report's shape), :mod:`.layout`
places the provenance graph and the timeline, and :mod:`.render` fills the Jinja2 template in
``crossfact/report/templates``; :mod:`.markup` holds the escaping pieces they share. The page shows a summary,
the claims with their sources, the findings with their evidence in context, every article with its spans
highlighted, a provenance graph, a timeline, the cleaning edits, the skipped inputs and the run.
"""

from __future__ import annotations

from crossfact.report.html.markup import Mark, mark_text, safe_href
from crossfact.report.html.render import render_html
from crossfact.report.html.view import Page, build_page

__all__ = ["Mark", "Page", "build_page", "mark_text", "render_html", "safe_href"]
