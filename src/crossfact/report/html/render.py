"""Render a Report as ``report.html``: the view filled into the Jinja2 template, one self-contained page.

The page makes no network request: CSS, SVG and a little JavaScript are inline, and a Content-Security-Policy
allows only those (by hash), so even a markup bug could not make untrusted article text run.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from crossfact.model import Report
from crossfact.report.html.layout import REUSE_COLOURS
from crossfact.report.html.markup import fragment
from crossfact.report.html.view import build_page

TEMPLATES = "report/templates"


def _asset(name: str) -> str:
    return resources.files("crossfact").joinpath(f"{TEMPLATES}/{name}").read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _environment() -> Environment:
    # Autoescape is what keeps untrusted article text inert; StrictUndefined makes a misspelt field an error
    # rather than an empty cell.
    return Environment(
        loader=PackageLoader("crossfact", TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """Return ``report.html`` text for the report: one page, no network requests, untrusted text escaped."""
    css, script = _asset("report.css"), _asset("report.js")
    # Only the page's own style and script may run (CSP by hash); images only from data: (the empty favicon
    # that stops the browser from asking the network for /favicon.ico).
    policy = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        page=build_page(report),
        reuse_colours=REUSE_COLOURS,
        css=Markup(css),
        script=Markup(script),
        policy=policy,
        fragment=fragment,
    )
