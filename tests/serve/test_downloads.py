"""Exports downloaded from the workbench are the files ``crossfact export`` writes from the run's report: the
CSV tables in a zip, the provenance graph as GEXF and GraphML (read back by networkx), and ClaimReview drafts of
the ticked claims; the pages link to them."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from crossfact.export import export_records, records_of
from crossfact.model import Report
from crossfact.report.json import report_to_dict
from crossfact.serve import queries
from tests.serve.conftest import TestClient


def _expected(report: Report, to: str, out: Path, claims: list[str] | None = None) -> dict[str, bytes]:
    written = export_records(records_of(report), to, out, claims=claims)
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in written}


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_downloads_report_from_the_store_holds_the_runs_records(served: tuple[Path, Report]) -> None:
    path, report = served
    db = queries.open_db(path)
    try:
        stored = queries.report(db)
    finally:
        db.close()
    assert stored is not None
    expected, got = report_to_dict(report), report_to_dict(stored)
    # The store keeps articles as the per-article steps left them; only the entity links the cross-article
    # entity step adds to quote speakers and fact actors differ, and no exporter reads them.
    for key in expected:
        if key not in ("quotes", "facts"):
            assert got[key] == expected[key], key
    for records in (got, expected):
        for fact in records["facts"]:
            fact["actors"] = [{**actor, "entity": None} for actor in fact["actors"]]
        for quote in records["quotes"]:
            quote["speaker"] = None
    assert got["facts"] == expected["facts"] and got["quotes"] == expected["quotes"]


def test_downloads_csv_zip_equals_the_cli_export(
    client: TestClient, served: tuple[Path, Report], tmp_path: Path
) -> None:
    answer = client.get("/export/csv")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"] == 'attachment; filename="crossfact-csv.zip"'
    assert _unzip(answer.content) == _expected(served[1], "csv", tmp_path)


@pytest.mark.parametrize("to", ["gexf", "graphml"])
def test_downloads_graph_equals_the_cli_export_and_reads_back(
    client: TestClient, served: tuple[Path, Report], tmp_path: Path, to: str
) -> None:
    answer = client.get(f"/export/{to}")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="provenance.{to}"'
    assert {f"provenance.{to}": answer.content} == _expected(served[1], to, tmp_path)
    (tmp_path / "download").write_bytes(answer.content)
    graph = (nx.read_gexf if to == "gexf" else nx.read_graphml)(tmp_path / "download")
    assert graph.number_of_nodes() == len(served[1].articles)


def test_downloads_claimreview_of_ticked_claims(
    client: TestClient, served: tuple[Path, Report], tmp_path: Path
) -> None:
    report = served[1]
    one, two = report.claims[0].id, report.claims[1].id
    single = client.get("/export/claimreview", params={"claim": one})
    assert single.headers["content-type"] == "application/ld+json"
    assert json.loads(single.content)["identifier"] == one
    both = client.get("/export/claimreview", params=[("claim", one), ("claim", two)])
    assert _unzip(both.content) == _expected(report, "claimreview", tmp_path, [one, two])
    unknown = client.get("/export/claimreview", params={"claim": "claim-000000000000"})
    assert unknown.status_code == 400 and "no claim claim-000000000000" in unknown.text
    assert client.get("/export/csv", params={"claim": one}).status_code == 400
    assert client.get("/export/pdf").status_code == 404


def test_downloads_are_linked_from_the_claims_claim_and_provenance_pages(
    client: TestClient, served: tuple[Path, Report]
) -> None:
    claims = client.get("/claims").text
    assert 'href="/export/csv"' in claims and 'action="/export/claimreview"' in claims
    ticks = re.findall(r'<input type="checkbox" name="claim" value="([^"]+)" form="claimreview"', claims)
    assert ticks and set(ticks) <= {claim.id for claim in served[1].claims}
    claim = served[1].claims[0].id
    assert f'href="/export/claimreview?claim={claim}"' in client.get(f"/claims/{claim}").text
    provenance = client.get("/provenance").text
    assert 'href="/export/gexf"' in provenance and 'href="/export/graphml"' in provenance
