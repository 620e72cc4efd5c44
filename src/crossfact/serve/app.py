"""The workbench web app: :func:`create_app` serves the last report of a store as server-rendered pages (summary,
claims to triage, one claim, one article's digest, findings, the provenance graph, search), as a JSON API of
the report's records and as the downloads of ``crossfact export``; a form adds articles to the store.

Each request opens its own read-only connection (SQLite connections stay in their thread, and FastAPI runs
plain functions in a thread pool). Pages make no request off the server: the CSS and the script are served by
the app itself and a Content-Security-Policy allows nothing else, so even a markup bug could not make article
text run. The OpenAPI description is at ``/api/openapi.json``; FastAPI's interactive docs pages load their code
from a CDN, so they are switched off.
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from crossfact import errors
from crossfact.model import Claim
from crossfact.report.html.layout import REUSE_COLOURS
from crossfact.report.json import record_dict
from crossfact.report.summary import STATUS_ORDER, STATUS_TEXT, count_rows
from crossfact.serve import downloads, queries, upload, views
from crossfact.serve.queries import ClaimFilter, SearchSyntaxError
from crossfact.store import Store

# Rows per HTML page, and the most one API call returns (a page of claims with their spans is ~2 kB a claim).
PAGE_SIZE = 50
MAX_LIMIT = 500
SEARCH_HITS = 50
# Up to this many articles the filters offer them in a list; beyond it, a field takes an article id.
ARTICLE_CHOICES = 500
SORTS = ("status", "sources", "date")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" even with the workbench's own
    # forms, and the add form's check needs the real origin. Other sites still learn nothing of local URLs.
    "Referrer-Policy": "same-origin",
}
# Files one upload may carry: a folder of articles is what 'crossfact add STORE DIR' is for.
MAX_UPLOAD_FILES = 50
# A 503 for a busy store (another run writing it) asks clients to retry after this long: it comes only after the
# wait of store.lock_timeout, so the other run is a long one; scripts polling the form need not ask sooner.
BUSY_RETRY_SECONDS = 60
# Outcomes of adds kept for their result pages (the newest; each is a few hundred bytes).
KEPT_ADDITIONS = 20
# The files under /static/: the report's own stylesheet, the workbench's additions and its little script.
STATIC = {
    "report.css": ("report/templates/report.css", "text/css"),
    "serve.css": ("serve/static/serve.css", "text/css"),
    "serve.js": ("serve/static/serve.js", "text/javascript"),
}


def _connection(request: Request) -> Iterator[sqlite3.Connection]:
    db = queries.open_db(request.app.state.store_path)
    try:
        yield db
    finally:
        db.close()


# A read-only connection to the app's store, opened for one request and closed after it.
Connection = Annotated[sqlite3.Connection, Depends(_connection)]


class BadRequest(Exception):
    """A request the user can fix (a bad filter value, a malformed search); answered with 400 and the message."""


def create_app(store_path: str | Path, *, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """Return the workbench app over the store at ``store_path``; raise StoreError if it is missing or not a
    store. ``allowed_hosts`` (e.g. 127.0.0.1, localhost) refuses requests naming another host, which keeps a web
    page on another site from reading the store through DNS rebinding."""
    path = Path(store_path)
    # Opened once to check and migrate it; each request then reads through its own connection.
    Store(path, create=False).close()
    app = FastAPI(
        title="crossfact workbench",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store_path = path
    # The add form carries this token: a page on another site can send a form to 127.0.0.1 but cannot read it.
    app.state.form_token = secrets.token_urlsafe(32)
    app.state.additions = OrderedDict()
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def secure(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, error: BadRequest) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail))

    @app.get("/", response_class=HTMLResponse)
    def index(db: Connection) -> HTMLResponse:
        counts = queries.counts(db)
        return _page(
            "index.html.j2",
            title="Summary",
            store=str(path),
            has_report=queries.has_report(db),
            rows=count_rows(counts),
            statuses=[
                (status, STATUS_TEXT[status], counts.statuses.get(status, 0)) for status in STATUS_ORDER
            ],
            kinds=sorted(counts.kinds.items()),
        )

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(
        db: Connection,
        claim_filter: ClaimFilterQuery,
        page: str | None = None,
    ) -> HTMLResponse:
        number = _integer(page, "page", default=1, low=1)
        found, total = queries.claims(db, claim_filter, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        rows = _claim_rows(db, found)
        facets = queries.claim_facets(db)
        return _page(
            "claims.html.j2",
            title="Claims",
            rows=rows,
            total=total,
            page=number,
            pages=max(1, -(-total // PAGE_SIZE)),
            filter=claim_filter,
            statuses=[(status, STATUS_TEXT[status]) for status in STATUS_ORDER],
            kinds=facets["kinds"],
            sources=facets["sources"],
            articles=_article_choices(db),
            sorts=SORTS,
            query=_query_string(
                status=claim_filter.status,
                kind=claim_filter.kind,
                article=claim_filter.article,
                source=claim_filter.source,
                event=claim_filter.event,
                min_sources=claim_filter.min_sources or None,
                sort=claim_filter.sort,
                group="event" if claim_filter.group else "none",
            ),
        )

    @app.get("/claims/{claim_id}", response_class=HTMLResponse)
    def claim_page(claim_id: str, db: Connection) -> HTMLResponse:
        claim = queries.claim(db, claim_id)
        if claim is None:
            raise StarletteHTTPException(404, f"no claim {claim_id} in this report")
        conflicts = queries.conflicts_of(db, claim.id, claim.event)
        ids = {*views.supporting(claim), *(side.article for c in conflicts for side in c.values)}
        articles = queries.articles(db, sorted(ids))
        rows = {row.id: row for row in queries.article_rows(db, ids)}
        texts = {article.id: article.text for article in articles.values()}
        (row,) = views.claim_rows([claim], queries.event_labels(db, [claim.event]), rows, texts)
        return _page(
            "claim.html.j2",
            title=f"Claim {claim.id}",
            view=views.claim_page(claim, row, articles, rows, conflicts),
        )

    @app.get("/articles", response_class=HTMLResponse)
    def articles_page(db: Connection, page: str | None = None) -> HTMLResponse:
        number = _integer(page, "page", default=1, low=1)
        total = queries.article_total(db)
        rows = queries.article_rows(db, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        return _page(
            "articles.html.j2",
            title="Articles",
            rows=rows,
            total=total,
            page=number,
            pages=max(1, -(-total // PAGE_SIZE)),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(article_id: str, db: Connection) -> HTMLResponse:
        found = queries.articles(db, [article_id])
        if article_id not in found:
            raise StarletteHTTPException(404, f"no article {article_id} in this report")
        article = found[article_id]
        findings, _ = queries.findings(db, kind=None, article=article_id, offset=0, limit=-1)
        doubtful, _ = queries.claims(
            db,
            ClaimFilter(status=("conflicting", "single_source"), article=article_id),
            offset=0,
            limit=-1,
        )
        stated, _ = queries.claims(db, ClaimFilter(article=article_id), offset=0, limit=-1)
        links, _ = queries.reuse(db, article=article_id, offset=0, limit=-1)
        evidence_ids = {span.article for finding in findings for span in finding.evidence}
        others = {link.a for link in links} | {link.b for link in links} | evidence_ids
        others |= {a for claim in doubtful for a in views.supporting(claim)}
        rows = {row.id: row for row in queries.article_rows(db, others | {article_id})}
        articles = {**queries.articles(db, sorted(evidence_ids - {article_id})), article_id: article}
        claim_facts = {ref.fact: c.id for c in stated for ref in c.facts if ref.article == article_id}
        labels = queries.event_labels(db, [claim.event for claim in doubtful])
        texts = queries.texts(db, [claim.statement.article for claim in doubtful])
        return _page(
            "article.html.j2",
            title=rows[article_id].name,
            row=rows[article_id],
            href=views.link_url(article.url),
            article=article,
            findings=views.finding_views(findings, articles, rows),
            claims=views.claim_rows(doubtful, labels, rows, texts),
            reuse=views.reuse_rows(article_id, links, rows),
            text=views.article_text(article, claim_facts, findings),
        )

    @app.get("/findings", response_class=HTMLResponse)
    def findings_page(
        db: Connection, kind: str | None = None, article: str | None = None, page: str | None = None
    ) -> HTMLResponse:
        number = _integer(page, "page", default=1, low=1)
        kind, article = kind or None, article or None
        found, total = queries.findings(
            db, kind=kind, article=article, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        ids = {span.article for finding in found for span in finding.evidence} | {f.article for f in found}
        rows = {row.id: row for row in queries.article_rows(db, ids)}
        return _page(
            "findings.html.j2",
            title="Findings",
            findings=views.finding_views(found, queries.articles(db, sorted(ids)), rows),
            total=total,
            page=number,
            pages=max(1, -(-total // PAGE_SIZE)),
            kinds=queries.finding_kinds(db),
            articles=_article_choices(db),
            kind=kind,
            article=article,
            query=_query_string(kind=kind, article=article),
        )

    @app.get("/provenance", response_class=HTMLResponse)
    def provenance_page(db: Connection) -> HTMLResponse:
        links, _ = queries.reuse(db, article=None, offset=0, limit=-1)
        families = queries.families(db)
        ids = {link.a for link in links} | {link.b for link in links}
        ids |= {article for family in families if len(family.articles) > 1 for article in family.articles}
        rows = queries.article_rows(db, ids)
        return _page(
            "graph.html.j2",
            title="Provenance",
            figure=views.provenance_figure(rows, links, families),
            links=len(links),
            families=sum(1 for family in families if len(family.articles) > 1),
            reuse_colours=REUSE_COLOURS,
        )

    @app.get("/search", response_class=HTMLResponse)
    def search_page(db: Connection, q: str = "") -> HTMLResponse:
        hits: list[views.SearchHit] = []
        if q.strip():
            try:
                hits = views.search_hits(queries.search(db, q, limit=SEARCH_HITS))
            except SearchSyntaxError as e:
                raise BadRequest(str(e)) from e
        return _page("search.html.j2", title="Search", q=q, hits=hits, limit=SEARCH_HITS)

    @app.get("/add", response_class=HTMLResponse)
    def add_page() -> HTMLResponse:
        limit = upload.store_config(path).read.max_file_bytes
        return _page(
            "add.html.j2",
            title="Add articles",
            token=app.state.form_token,
            limit_mb=round(limit / 1_000_000, 1),
            max_files=MAX_UPLOAD_FILES,
            suffixes=", ".join(_reader_suffixes()),
        )

    @app.post("/add")
    async def add_articles(request: Request) -> Response:
        _check_same_origin(request)
        stored = await run_in_threadpool(upload.store_config, path)
        limit = stored.read.max_file_bytes
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > (MAX_UPLOAD_FILES + 1) * limit:
            raise StarletteHTTPException(413, errors.UPLOAD_TOO_LARGE.format(limit=limit))
        async with request.form(max_files=MAX_UPLOAD_FILES + 1, max_fields=20, max_part_size=limit) as form:
            token = form.get("token")
            if not isinstance(token, str) or not hmac.compare_digest(token, app.state.form_token):
                raise StarletteHTTPException(403, errors.CROSS_SITE_TOKEN)
            files = [part for part in form.getlist("files") if isinstance(part, UploadFile) and part.filename]
            if len(files) > MAX_UPLOAD_FILES:
                raise BadRequest(errors.UPLOAD_TOO_MANY.format(count=len(files), limit=MAX_UPLOAD_FILES))
            html, url, source, published = (
                _text_field(form.get(name)) for name in ("html", "url", "source", "published")
            )
            if not files and not html:
                raise BadRequest(errors.UPLOAD_NOTHING)
            if url and views.link_url(url) is None:
                raise BadRequest(errors.UPLOAD_BAD_URL.format(value=url))
            try:
                config = upload.upload_config(stored, source=source, published=published)
            except errors.ConfigError as e:
                raise BadRequest(str(e)) from e
            folder = upload.batch_folder(path)
            saved: list[upload.Saved] = []
            taken = {upload.PASTED_NAME, "pasted.meta.json"}
            if html:
                saved.append(upload.save_pasted(html, folder, url=url, limit=limit))
            for part in files:
                item = await upload.save_upload(part, folder, limit=limit, taken=taken)
                if item.path is not None:
                    taken.add(item.path.name)
                saved.append(item)
        try:
            addition = await run_in_threadpool(upload.add_folder, path, folder, saved, config)
        except errors.StoreBusy as e:
            busy = _error(request, 503, errors.UPLOAD_STORE_BUSY.format(path=e.path, seconds=e.seconds))
            busy.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
            return busy
        key = secrets.token_hex(8)
        additions: OrderedDict[str, upload.Addition] = app.state.additions
        additions[key] = addition
        while len(additions) > KEPT_ADDITIONS:
            additions.popitem(last=False)
        return RedirectResponse(f"/added/{key}", status_code=303)

    @app.get("/added/{key}", response_class=HTMLResponse)
    def added_page(key: str, db: Connection) -> HTMLResponse:
        addition = app.state.additions.get(key)
        if addition is None:
            raise StarletteHTTPException(404, "no such upload (the server keeps the latest few outcomes)")
        ids = {a for entry in addition.entries for a in (*entry.added, *entry.merged_into)}
        return _page(
            "added.html.j2",
            title="Articles added",
            addition=addition,
            rows={row.id: row for row in queries.article_rows(db, ids)},
        )

    @app.get("/export/{to}")
    def export(to: str, db: Connection, claim: Annotated[list[str] | None, Query()] = None) -> Response:
        if to not in downloads.FORMATS:
            raise StarletteHTTPException(404, f"no export {to}: choose from {', '.join(downloads.FORMATS)}")
        report = queries.report(db)
        if report is None:
            raise StarletteHTTPException(404, "this store holds no report yet: nothing to export")
        selected = [value for value in claim or () if value] or None
        if selected is not None and to != "claimreview":
            raise BadRequest(errors.EXPORT_CLAIMS_NOT_CLAIMREVIEW.format(to=to))
        try:
            file = downloads.download(report, to, claims=selected)
        except errors.ConfigError as e:
            raise BadRequest(str(e)) from e
        return Response(
            file.data,
            media_type=file.media_type,
            headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
        )

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            raise StarletteHTTPException(404, f"no file {name}")
        location, media = STATIC[name]
        return Response(_asset(location), media_type=media)

    @app.get("/api/claims")
    def api_claims(
        db: Connection,
        claim_filter: ClaimFilterQuery,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1)] = PAGE_SIZE,
    ) -> dict[str, Any]:
        limit = min(limit, MAX_LIMIT)
        found, total = queries.claims(db, claim_filter, offset=offset, limit=limit)
        texts = queries.texts(db, [claim.statement.article for claim in found])
        return _listing([record_dict(claim, texts) for claim in found], total, offset, limit)

    @app.get("/api/events")
    def api_events(
        db: Connection,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1)] = PAGE_SIZE,
    ) -> dict[str, Any]:
        limit = min(limit, MAX_LIMIT)
        found, total = queries.events(db, offset=offset, limit=limit)
        return _listing([record_dict(event, {}) for event in found], total, offset, limit)

    @app.get("/api/findings")
    def api_findings(
        db: Connection,
        kind: str | None = None,
        article: str | None = None,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1)] = PAGE_SIZE,
    ) -> dict[str, Any]:
        limit = min(limit, MAX_LIMIT)
        found, total = queries.findings(
            db, kind=kind or None, article=article or None, offset=offset, limit=limit
        )
        texts = queries.texts(db, [span.article for finding in found for span in finding.evidence])
        return _listing([record_dict(finding, texts) for finding in found], total, offset, limit)

    @app.get("/api/articles")
    def api_articles(
        db: Connection,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1)] = PAGE_SIZE,
    ) -> dict[str, Any]:
        limit = min(limit, MAX_LIMIT)
        rows = queries.article_rows(db, offset=offset, limit=limit)
        found = queries.articles(db, [row.id for row in rows])
        records = [record_dict(found[row.id], {}) for row in rows if row.id in found]
        return _listing(records, queries.article_total(db), offset, limit)

    @app.get("/api/reuse")
    def api_reuse(
        db: Connection,
        article: str | None = None,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1)] = PAGE_SIZE,
    ) -> dict[str, Any]:
        limit = min(limit, MAX_LIMIT)
        found, total = queries.reuse(db, article=article or None, offset=offset, limit=limit)
        texts = queries.texts(db, [side for link in found for side in (link.a, link.b)])
        return _listing([record_dict(link, texts) for link in found], total, offset, limit)

    return app


def _claim_filter(
    status: Annotated[list[str] | None, Query()] = None,
    kind: str | None = None,
    article: str | None = None,
    source: str | None = None,
    event: str | None = None,
    min_sources: str | None = None,
    sort: str = "status",
    group: str = "event",
) -> ClaimFilter:
    """Return the ClaimFilter of a request's parameters (an empty form field filters nothing); raise BadRequest
    naming a bad value and the ones allowed."""
    statuses = tuple(value for value in status or () if value)
    for value in statuses:
        if value not in STATUS_ORDER:
            raise BadRequest(f"status {value!r}: choose from {', '.join(STATUS_ORDER)}")
    if sort not in SORTS:
        raise BadRequest(f"sort {sort!r}: choose from {', '.join(SORTS)}")
    if group not in ("event", "none"):
        raise BadRequest(f"group {group!r}: choose from event, none")
    return ClaimFilter(
        status=statuses,
        kind=kind or None,
        article=article or None,
        source=source or None,
        event=event or None,
        min_sources=_integer(min_sources, "min_sources", default=0, low=0),
        sort=sort,  # type: ignore[arg-type]  # checked against SORTS above
        group=group == "event",
    )


# The claim filters of /claims and /api/claims, read from the query string by one dependency for both.
ClaimFilterQuery = Annotated[ClaimFilter, Depends(_claim_filter)]


def _check_same_origin(request: Request) -> None:
    """Raise a 403 unless the request comes from the workbench's own pages: its Origin (else its Referer), when
    the browser sends one, must be this server's own origin. The form's token is checked too, for clients that
    send neither."""
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    if origin is None and (referer := request.headers.get("referer")) is not None:
        origin = own if referer == own or referer.startswith(own + "/") else referer
    if origin is not None and origin != own:
        raise StarletteHTTPException(403, errors.CROSS_SITE.format(origin=origin[:100]))


def _text_field(value: object) -> str | None:
    """Return a text form field stripped, or None when it is empty or not text."""
    return value.strip() or None if isinstance(value, str) else None


@cache
def _reader_suffixes() -> tuple[str, ...]:
    from crossfact.read import FORMATS

    return tuple(suffix for fmt in FORMATS for suffix in fmt.SUFFIXES)


def _integer(value: str | None, name: str, *, default: int, low: int) -> int:
    """Return a whole-number form field (``default`` when empty); raise BadRequest when it is not one."""
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError as e:
        raise BadRequest(f"{name} {value!r}: give a whole number of at least {low}") from e
    if number < low:
        raise BadRequest(f"{name} {value!r}: give a whole number of at least {low}")
    return number


def _article_choices(db: sqlite3.Connection) -> list[queries.ArticleRow] | None:
    """Return the articles a filter lists, or None when there are too many to list."""
    if queries.article_total(db) > ARTICLE_CHOICES:
        return None
    return queries.article_rows(db)


def _claim_rows(db: sqlite3.Connection, claims: Sequence[Claim]) -> list[views.ClaimRow]:
    ids = {a for claim in claims for a in views.supporting(claim)}
    rows = {row.id: row for row in queries.article_rows(db, ids)}
    texts = queries.texts(db, [claim.statement.article for claim in claims])
    labels = queries.event_labels(db, [claim.event for claim in claims])
    return views.claim_rows(claims, labels, rows, texts)


def _listing(items: list[dict[str, Any]], total: int, offset: int, limit: int) -> dict[str, Any]:
    return {"total": total, "offset": offset, "limit": limit, "items": items}


def _query_string(**params: Any) -> list[tuple[str, str]]:
    """Return the non-empty parameters as (name, value) pairs for the pager's links (encoded by the template)."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        for item in value if isinstance(value, tuple) else (value,):
            if item is not None and item != "":
                pairs.append((name, str(item)))
    return pairs


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status, headers=SECURITY_HEADERS)
    page = _page("error.html.j2", title=f"Error {status}", status=status, message=message)
    page.status_code = status
    return page


def _page(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(_environment().get_template(template).render(**context))


@cache
def _asset(location: str) -> str:
    return resources.files("crossfact").joinpath(location).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    # As report.html's: autoescape keeps untrusted article text inert, StrictUndefined makes a misspelt field an
    # error rather than an empty cell.
    environment = Environment(
        # report.html's folder second: the provenance figure is one template both draw.
        loader=ChoiceLoader(
            [PackageLoader("crossfact", "serve/templates"), PackageLoader("crossfact", "report/templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["status_text"] = lambda status: STATUS_TEXT.get(status, status)
    return environment
