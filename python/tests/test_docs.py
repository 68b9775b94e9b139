"""The glossary: registry/docs consistency, 100% description coverage, and the static docs site.

The checker (scorecard.docs_check) is tested three ways: on the project as it is (it must
report nothing), on a temporary copy with a description removed (it must report exactly that),
and through the site an auditor opens (headless Chromium renders a metric's formula).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Built
from helpers import REPO, query, run_dbt

from scorecard.docs_check import (
    Finding,
    broken_links,
    load_json,
    read_registry,
    registry_mismatches,
    undocumented,
)

DBT = str(Path(sys.executable).parent / "dbt")
#: What a copy of the project needs to parse (no data, no warehouse, no build output).
PROJECT_ENTRIES = [
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "snapshots",
    "tests",
    "analyses",
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_project(destination: Path) -> Path:
    """A throwaway copy of the dbt project (sources of truth only) to mutate in a test."""
    destination.mkdir(parents=True, exist_ok=True)
    for entry in PROJECT_ENTRIES:
        source = REPO / entry
        if source.is_dir():
            shutil.copytree(source, destination / entry)
        elif source.exists():
            shutil.copy2(source, destination / entry)
    return destination


def parse_project(project_dir: Path, target_dir: Path) -> dict[str, Any]:
    """`dbt parse` of a project on the in-memory `lint` target; returns the manifest."""
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        DBT,
        "parse",
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target",
        "lint",
        "--target-path",
        str(target_dir),
        "--log-path",
        str(target_dir / "logs"),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=project_dir)
    assert result.returncode == 0, f"dbt parse failed:\n{result.stdout[-4000:]}"
    assert "deprecat" not in result.stdout.lower(), result.stdout[-4000:]
    return load_json(target_dir / "manifest.json")


def describe(findings: list[Finding]) -> str:
    return "\n".join(str(finding) for finding in findings)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The project's manifest from `dbt parse` (no warehouse needed)."""
    return parse_project(REPO, tmp_path_factory.mktemp("parse_target"))


@pytest.fixture(scope="module")
def docs_site(built: Built) -> Path:
    """`dbt docs generate --static` on the test warehouse: manifest, catalog, static site."""
    run_dbt(["docs", "generate", "--static"], built.workdir, built.raw_root, built.as_of)
    return built.workdir / "target"


# ------------------------------------------------------------------ (a) registry <-> docs


def test_registry_and_metric_docs_blocks_agree(manifest: dict[str, Any]) -> None:
    registry = read_registry(REPO / "seeds" / "scorecard_metrics.csv")
    assert len(registry) == 17, "the registry lists the 17 metrics of DESIGN.md section 4"
    findings = registry_mismatches(manifest, registry)
    assert findings == [], "registry and docs disagree:\n" + describe(findings)


def test_docs_site_links_resolve(manifest: dict[str, Any]) -> None:
    findings = broken_links(manifest)
    assert findings == [], describe(findings)


def test_dim_metrics_shows_the_registry_text(built: Built, manifest: dict[str, Any]) -> None:
    """dim_metrics (built from the seed) carries the registry's text and names the docs
    block that exists in the project, for every metric."""
    registry = {
        row["metric_id"]: row for row in read_registry(REPO / "seeds" / "scorecard_metrics.csv")
    }
    rows = query(
        built.database,
        "select metric_id, metric_name, description, docs_block, calculation_model "
        "from marts.dim_metrics order by metric_id",
    )
    assert sorted(row[0] for row in rows) == sorted(registry)
    docs = {doc["name"] for doc in manifest["docs"].values()}
    for metric_id, metric_name, description, docs_block, calculation_model in rows:
        assert metric_name == registry[metric_id]["metric_name"]
        assert description == registry[metric_id]["description"]
        assert docs_block == f"metric_{metric_id}" and docs_block in docs
        assert f"model.outcome_scorecard.{calculation_model}" in manifest["nodes"]


# ------------------------------------------------------------------ (b) coverage 100 %


def test_every_resource_has_a_description(docs_site: Path) -> None:
    """Models, columns (also columns of the built tables the YAML does not list), seeds,
    snapshots, sources, macros and macro arguments, exposures and the semantic layer."""
    findings = undocumented(
        load_json(docs_site / "manifest.json"), load_json(docs_site / "catalog.json")
    )
    assert findings == [], f"{len(findings)} descriptions missing:\n" + describe(findings)


# ------------------------------------------------------------------ (c) the checks can fail


def test_checks_report_a_removed_description(tmp_path: Path) -> None:
    """In a copy of the project: delete a column description and a metric's docs block (and
    its use), add a docs block for a metric the registry does not have. The checker reports
    those three things, and nothing else that the unmodified copy does not report."""
    project = copy_project(tmp_path / "project")
    original = parse_project(project, tmp_path / "target_original")

    semantic = project / "models" / "semantic" / "_semantic__models.yml"
    text = semantic.read_text(encoding="utf-8")
    line = re.search(r"\n +description: One calendar day \(UTC\)[^\n]*", text)
    assert line is not None
    semantic.write_text(text.replace(line.group(0), ""), encoding="utf-8")

    docs = project / "models" / "marts" / "metrics" / "_metrics__docs.md"
    text = docs.read_text(encoding="utf-8")
    block = re.search(r"{% docs metric_csat %}.*?{% enddocs %}\n", text, re.S)
    assert block is not None
    text = text.replace(block.group(0), "")
    text += "\n{% docs metric_retired_metric %}\nA metric that left the registry.\n{% enddocs %}\n"
    docs.write_text(text, encoding="utf-8")
    for yml in (project / "models").rglob("*.yml"):
        content = yml.read_text(encoding="utf-8")
        if "doc('metric_csat')" in content:
            yml.write_text(content.replace("{{ doc('metric_csat') }}", "CSAT."), encoding="utf-8")

    mutated = parse_project(project, tmp_path / "target_mutated")
    registry = read_registry(project / "seeds" / "scorecard_metrics.csv")

    new_gaps = set(undocumented(mutated)) - set(undocumented(original))
    assert new_gaps == {
        Finding(
            "models/semantic/_semantic__models.yml",
            "model column",
            "metricflow_time_spine.date_day",
        )
    }

    baseline = set(registry_mismatches(original, registry))
    new_mismatches = {
        (f.kind, f.name, f.detail) for f in set(registry_mismatches(mutated, registry)) - baseline
    }
    assert ("registry", "csat", "no docs block metric_csat") in new_mismatches
    assert (
        "docs block",
        "metric_retired_metric",
        "no registry metric of that id",
    ) in new_mismatches
    # the calculator of csat no longer shows a definition: reported against its YAML
    assert {kind for kind, _, _ in new_mismatches} <= {"registry", "docs block", "model"}


# ------------------------------------------------------------------ the static site


def chromium_dom(page: Path, route: str, profile: Path) -> str:
    """The DOM of the static docs site after it rendered `route` in headless Chromium."""
    browser = shutil.which("chromium")
    assert browser, "Debian's chromium is required: apt-get install -y chromium"
    command = [
        browser,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--virtual-time-budget=15000",
        "--dump-dom",
        f"{page.as_uri()}#!/{route}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def visible_text(dom: str) -> str:
    """The rendered text of a DOM: scripts (where the site embeds the raw manifest) removed,
    tags stripped, entities decoded, whitespace collapsed."""
    without_scripts = re.sub(r"<script\b.*?</script>", " ", dom, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", without_scripts))
    return re.sub(r"\s+", " ", text)


def formula_of(manifest: dict[str, Any], metric_id: str) -> str:
    """The formula sentence of a metric's docs block, as plain text (markdown removed)."""
    block = manifest["docs"][f"doc.outcome_scorecard.metric_{metric_id}"]["block_contents"]
    match = re.search(r"- \*\*Formula:\*\* (.*)", block)
    assert match is not None
    return re.sub(r"\s+", " ", match.group(1).replace("`", "").replace("**", "")).strip()


def test_static_site_shows_a_metric_formula(docs_site: Path, tmp_path: Path) -> None:
    page = docs_site / "static_index.html"
    assert page.exists(), "dbt docs generate --static writes static_index.html"
    manifest = load_json(docs_site / "manifest.json")
    dom = chromium_dom(page, "model/model.outcome_scorecard.int_metric__nps", tmp_path / "chrome")
    text = visible_text(dom)
    assert "int_metric__nps" in text
    assert "Formula:" in text
    assert formula_of(manifest, "nps") in text
    # the site rendered the nps page, not every definition: csat's formula is not on it
    assert formula_of(manifest, "csat") not in text


def test_static_site_overview_is_the_glossary(docs_site: Path, tmp_path: Path) -> None:
    page = docs_site / "static_index.html"
    text = visible_text(chromium_dom(page, "overview", tmp_path / "chrome"))
    for heading in (
        "The three outcome levels",
        "How scores are made",
        "Rubric versioning",
        "History and restatements",
        "Quarantine: nothing is lost",
        "The anomaly rule",
        "How to read a scorecard",
    ):
        assert heading in text, heading
