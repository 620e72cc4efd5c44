"""The ``crossfact`` command: thin wrappers that check arguments, build a Config and call :func:`analyze`.

Exit codes: 0 when something was analysed (skipped inputs are listed in the report and on stderr), 2 when
nothing could be, 1 on a usage error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from crossfact import errors
from crossfact.config import Config, load_config, with_input_meta
from crossfact.engines import ENGINES, Executor, open_executor
from crossfact.model import Report, Skipped
from crossfact.pipeline import analyze
from crossfact.report import RENDERERS, check_writable, write_report
from crossfact.report.summary import render_summary
from crossfact.store import Store, analyze_into, stored_config, writer_lock

EXIT_OK, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2
# The store 'crossfact analyze' keeps inside --out unless given --store or --no-store.
STORE_NAME = "crossfact.db"


class NothingAnalysed(errors.CrossfactError):
    """Every input was skipped."""


app = typer.Typer(
    name="crossfact",
    help="Cross-source analysis of news articles, with an evidence span behind every answer.",
    no_args_is_help=True,
    add_completion=False,
)


def build_config(
    *,
    config_file: Path | None,
    base: Config | None = None,
    kb: list[Path] | None,
    workers: int,
    source: str | None,
    published: str | None,
) -> Config:
    """Return the Config for these command-line options (the one place CLI arguments become config)."""
    config = load_config(config_file, base=base)
    if workers < 1:
        raise errors.ConfigError(f"--workers must be 1 or more, got {workers}")
    for file in kb or ():
        if not file.is_file():
            raise errors.ConfigError(f"--kb file {file} does not exist")
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError as e:
        raise errors.ConfigError(f"--published '{published}' is not an ISO date (YYYY-MM-DD)") from e
    config = with_input_meta(config, source=source, published=day)
    return dataclasses.replace(
        config,
        workers=workers,
        kb_files=(*config.kb_files, *(str(file) for file in kb or ())),
    )


def terminal_safe(text: str) -> str:
    """Return ``text`` with every control character written as an escape (a newline as ``\\n``, ESC as
    ``\\x1b``), so a file name cannot forge, hide or clear lines on the terminal."""
    return "".join(_ESCAPES.get(ch) or (repr(ch)[1:-1] if _is_control(ch) else ch) for ch in text)


def _is_control(ch: str) -> bool:
    # Cc: C0/C1 controls and DEL; Zl/Zp: line and paragraph separators; the bidi overrides reorder what follows.
    return (
        unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        or "\u202a" <= ch <= "\u202e"
        or "\u2066" <= ch <= "\u2069"
    )


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _formats(value: str) -> list[str]:
    formats = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in formats if name not in RENDERERS]
    if unknown or not formats:
        raise errors.ConfigError(f"--format {value!r}: choose from {', '.join(RENDERERS)}")
    return formats


def _run(
    paths: list[str],
    config: Config,
    out: Path,
    formats: list[str],
    *,
    store: Path | None = None,
    add: bool = False,
    executor: Executor | None = None,
) -> tuple[Report, dict[str, Path]]:
    opened: Store | None = None

    def run(tick: Callable[[], None] | None, said: Callable[[str], None]) -> Report:
        def skipped(skip: Skipped) -> None:
            where = f"{skip.path}:{skip.line}" if skip.line is not None else skip.path
            said(f"crossfact: skipped {terminal_safe(where)}: {terminal_safe(skip.reason)}")

        if opened is None:
            return analyze(paths, config, executor, on_article=tick, on_skip=skipped)
        return analyze_into(opened, paths, config, executor, add=add, on_article=tick, on_skip=skipped)

    with contextlib.ExitStack() as stack:
        if store is not None:
            # Taken before the store is opened (a new store's tables are made then) and held until the report
            # files are written too, so a run that waited never has its report overwritten by the older one of
            # the run it waited for.
            waiting = errors.STORE_WAITING.format(
                path=terminal_safe(str(store)), seconds=config.store.lock_timeout
            )
            stack.enter_context(
                writer_lock(
                    store,
                    timeout=config.store.lock_timeout,
                    on_wait=lambda: typer.echo(f"crossfact: {waiting}", err=True),
                )
            )
            opened = stack.enter_context(Store(store, create=not add))
        report = _run_shown(run)
        written = write_report(report, out, formats)
    if not report.articles:
        # The report is still written: it lists every skipped input and why.
        raise NothingAnalysed(errors.NOTHING_ANALYSED.format(count=report.run.inputs))
    return report, written


def _run_shown(run: Callable[[Callable[[], None] | None, Callable[[str], None]], Report]) -> Report:
    """Return what ``run`` made, with a spinner counting articles on a terminal and each skip line above it."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            transient=True,
            console=Console(stderr=True),
        ) as progress:
            task = progress.add_task("analysing: 0 articles", total=None)
            done = 0

            def tick() -> None:
                nonlocal done
                done += 1
                progress.update(task, description=f"analysing: {done} articles")

            # Printed above the spinner as each skip happens; markup off, the line is data.
            return run(tick, lambda line: progress.console.print(line, markup=False, highlight=False))
    return run(None, lambda line: typer.echo(line, err=True))


# Options that 'analyze' and 'add' share.
KbOption = Annotated[list[Path] | None, typer.Option("--kb", help="Extra knowledge-base file (YAML/CSV).")]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        help="Worker processes (default 1); with --engine ray, the local Ray's CPUs (default all).",
    ),
]
EngineOption = Annotated[
    str, typer.Option("--engine", help=f"Where the per-article steps run: {', '.join(ENGINES)}.")
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address", help="Join this Ray cluster (auto, HOST:PORT) instead of starting a local Ray."
    ),
]


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs to read.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the report into.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: json, md, html (one self-contained page).")
    ] = "json,html,md",
    kb: KbOption = None,
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="JSON/YAML config overrides.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for every input.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every input.")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help=f"SQLite store of analysed articles (default: OUT/{STORE_NAME}); a rerun analyses only new ones.",
        ),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Keep no store: analyse every input from scratch.")
    ] = False,
) -> None:
    """Analyse articles and write report.json (and the other formats) into --out."""
    if store is not None and no_store:
        raise errors.ConfigError("give --store FILE or --no-store, not both")
    config = build_config(
        config_file=config_file, kb=kb, workers=_workers(workers), source=source, published=published
    )
    formats = _formats(format)
    check_writable(out)
    store_file = None if no_store else (store or out / STORE_NAME)
    with open_executor(engine, workers=workers, address=ray_address) as executor:
        report, written = _run(paths, config, out, formats, store=store_file, executor=executor)
    _print_outcome(report, written)


@app.command("add")
def add_command(
    store: Annotated[Path, typer.Argument(help="A store made by 'crossfact analyze'.")],
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs to add.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Directory for the report (default: the store's).")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: json, md, html.")
    ] = "json,html,md",
    kb: KbOption = None,
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Overrides over the config the store was made with.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for every new input.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every new input.")
    ] = None,
) -> None:
    """Analyse new articles into a store and rewrite the report over its whole corpus."""
    if not store.is_file():
        raise errors.StoreError(errors.STORE_MISSING.format(path=store))
    with Store(store, create=False) as opened:
        base = stored_config(opened)
    config = build_config(
        config_file=config_file,
        base=base,
        kb=kb,
        workers=_workers(workers),
        source=source,
        published=published,
    )
    formats = _formats(format)
    out = out or store.parent
    check_writable(out)
    with open_executor(engine, workers=workers, address=ray_address) as executor:
        report, written = _run(paths, config, out, formats, store=store, add=True, executor=executor)
    _print_outcome(report, written)


def _workers(workers: int | None) -> int:
    # The config keeps a count; None (not given) is one local process, and every CPU for a local Ray.
    return 1 if workers is None else workers


def _print_outcome(report: Report, written: dict[str, Path]) -> None:
    """Print the files written, then the summary of what the run found."""
    for path in written.values():
        typer.echo(str(path))
    typer.echo("")
    typer.echo(render_summary(report))


@app.command("export")
def export_command(
    report: Annotated[Path, typer.Argument(help="A report.json written by `crossfact analyze`.")],
    to: Annotated[str, typer.Option("--to", help="csv, gexf, graphml or claimreview.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the export into.")],
    claims: Annotated[
        str | None,
        typer.Option(
            help="claimreview only: comma-separated claim ids (default: every conflicting and single-source claim)."
        ),
    ] = None,
) -> None:
    """Export a report as CSV tables, the provenance graph (GEXF, GraphML) or ClaimReview drafts."""
    from crossfact.export import EXPORTERS, export_records, load_records

    if to not in EXPORTERS:
        raise errors.ConfigError(errors.EXPORT_UNKNOWN_FORMAT.format(value=to, known=", ".join(EXPORTERS)))
    if claims is not None and to != "claimreview":
        raise errors.ConfigError(errors.EXPORT_CLAIMS_NOT_CLAIMREVIEW.format(to=to))
    selected = [claim.strip() for claim in claims.split(",") if claim.strip()] if claims is not None else None
    check_writable(out)
    for path in export_records(load_records(report), to, out, claims=selected):
        typer.echo(terminal_safe(str(path)))


# Where 'crossfact serve' looks when given no store: the store of 'crossfact analyze ... --out crossfact-report'.
DEFAULT_SERVE_STORE = Path("crossfact-report") / STORE_NAME
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve_command(
    store: Annotated[
        Path | None,
        typer.Argument(help=f"A store made by 'crossfact analyze' (default: ./{DEFAULT_SERVE_STORE})."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback opens the store to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Browse a store's last report in the workbench: claims to triage, articles, findings, search, JSON API."""
    if store is None and not DEFAULT_SERVE_STORE.is_file():
        raise errors.StoreError(
            errors.SERVE_NO_STORE.format(path=DEFAULT_SERVE_STORE, folder=DEFAULT_SERVE_STORE.parent)
        )
    path = store or DEFAULT_SERVE_STORE
    if not path.is_file():
        raise errors.StoreError(errors.STORE_MISSING.format(path=path))
    _serve(path, host=host, port=port)


def _serve(path: Path, *, host: str, port: int) -> None:
    """Run the workbench over the store at ``path`` until Ctrl+C, saying where and who can reach it."""
    try:
        import uvicorn

        from crossfact.serve import create_app
    except ImportError as e:  # the base install has no web packages
        raise errors.ConfigError(errors.SERVE_NEEDS_EXTRA.format(missing=e.name or e)) from e
    local = host in LOOPBACK
    # A request naming another host is refused while only this machine can connect (DNS rebinding).
    web = create_app(path, allowed_hosts=[*LOOPBACK[:2], host] if local else None)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"crossfact workbench for {terminal_safe(str(path))} at http://{shown}:{port}/")
    if local:
        typer.echo("Local only: no other machine can connect. Stop with Ctrl+C.")
    else:
        typer.echo(
            f"Listening on {host}: anyone who can reach this machine can read the store. Stop with Ctrl+C."
        )
    uvicorn.run(web, host=host, port=port, log_level="warning")


def demo_corpus() -> Path:
    """Return the directory of the bundled demo corpus (constructed articles, see its MANIFEST.md)."""
    return Path(str(resources.files("crossfact").joinpath("demo/articles")))


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the report.")] = Path(
        "crossfact-demo-report"
    ),
    workers: Annotated[int, typer.Option("--workers", "-w")] = 1,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve", help=f"Keep a store (OUT/{STORE_NAME}) and open it in the workbench (crossfact serve)."
        ),
    ] = False,
    port: Annotated[int, typer.Option(help="--serve only: the port to listen on (127.0.0.1).")] = 8000,
) -> None:
    """Analyse the bundled demo corpus and print where the report is; with --serve, browse it in the workbench."""
    config = build_config(config_file=None, kb=None, workers=workers, source=None, published=None)
    check_writable(out)
    # A rerun reuses the stored analyses, and the store's corpus becomes the demo's again.
    store = out / STORE_NAME if serve else None
    report, written = _run([str(demo_corpus())], config, out, ["json", "html", "md"], store=store)
    typer.echo(
        f"Analysed {len(report.articles)} demo articles ({len(report.skipped)} inputs skipped). "
        "Open the report in a browser:"
    )
    typer.echo(f"  {written['html']}")
    typer.echo("Data and summary:")
    for name in ("json", "md"):
        typer.echo(f"  {written[name]}")
    typer.echo("")
    typer.echo(render_summary(report))
    if store is not None:
        typer.echo("")
        _serve(store, host="127.0.0.1", port=port)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    try:
        app(args=argv, prog_name="crossfact")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (EXIT_OK if e.code is None else EXIT_USAGE)
        # Typer/click report usage errors with 2, which here means "nothing could be analysed".
        return EXIT_USAGE if code == 2 else code
    except NothingAnalysed as e:
        typer.echo(f"crossfact: error: {e}", err=True)
        return EXIT_NOTHING
    except errors.CrossfactError as e:
        typer.echo(f"crossfact: error: {e}", err=True)
        return EXIT_USAGE
    return EXIT_OK


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
