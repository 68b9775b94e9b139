"""Checks of the glossary: description coverage and the metric registry against its docs blocks.

Both checks read dbt artifacts (`manifest.json` from `dbt parse` or `dbt docs generate`, and
optionally `catalog.json`) and return what is wrong, one finding per missing description or
disagreement, with the file to fix, so that a test (or `scorecard`) can print exactly that.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = "outcome_scorecard"

#: Docs blocks named `metric_*` that are not the definition of one registry metric. Every
#: other `metric_<x>` block must be the definition of registry metric `<x>`.
NON_METRIC_DOCS_BLOCKS = frozenset({"metric_levels", "metric_calculator"})

#: Resource types whose own description is checked, with the label used in findings.
_NODE_TYPES = {"model": "model", "seed": "seed", "snapshot": "snapshot"}

_MACRO_SIGNATURE = re.compile(r"{%-?\s*(?:macro|test)\s+\w+\s*\((?P<args>[^)]*)\)", re.S)


@dataclass(frozen=True, order=True)
class Finding:
    """One missing description, or one disagreement between the registry and the docs.

    `path` is the file to edit (the YAML that documents the resource when there is one);
    `kind` says what is missing (e.g. `model column`, `macro argument`, `registry`).
    """

    path: str
    kind: str
    name: str
    detail: str = ""

    def __str__(self) -> str:
        suffix = f": {self.detail}" if self.detail else ""
        return f"{self.path}: {self.kind} {self.name}{suffix}"


def load_json(path: Path) -> dict[str, Any]:
    """A dbt artifact (manifest.json or catalog.json) as a dict."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: run `dbt parse` or `dbt docs generate` with this target path first."
        )
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _yaml_path(resource: Mapping[str, Any]) -> str:
    """The file that documents a resource: its YAML patch when it has one, else its own file."""
    patch = resource.get("patch_path")
    if patch:
        return str(patch).split("://", 1)[-1]
    return str(resource.get("original_file_path", "?"))


def _macro_signature_args(macro_sql: str) -> list[str]:
    """Argument names of a `{% macro name(a, b=1) %}` (or `{% test ... %}`) definition."""
    match = _MACRO_SIGNATURE.search(macro_sql)
    if not match or not match.group("args").strip():
        return []
    names = []
    for part in match.group("args").split(","):
        name = part.split("=", 1)[0].strip()
        if name:
            names.append(name)
    return names


def _catalog_columns(catalog: Mapping[str, Any] | None, unique_id: str) -> list[str]:
    if not catalog:
        return []
    entry = catalog.get("nodes", {}).get(unique_id) or catalog.get("sources", {}).get(unique_id)
    if not entry:
        return []
    return [str(name) for name in entry.get("columns", {})]


def _column_findings(
    resource: Mapping[str, Any], label: str, name: str, catalog: Mapping[str, Any] | None
) -> list[Finding]:
    """Columns documented with an empty description, and (with a catalog) columns of the built
    relation that the YAML does not document at all."""
    findings = []
    documented = {col.lower(): spec for col, spec in resource.get("columns", {}).items()}
    path = _yaml_path(resource)
    for column, spec in documented.items():
        if _blank(spec.get("description")):
            findings.append(Finding(path, f"{label} column", f"{name}.{column}"))
    for column in _catalog_columns(catalog, str(resource["unique_id"])):
        if column.lower() not in documented:
            findings.append(
                Finding(path, f"{label} column", f"{name}.{column.lower()}", "not in the YAML")
            )
    return findings


def undocumented(
    manifest: Mapping[str, Any],
    catalog: Mapping[str, Any] | None = None,
    package: str = PROJECT,
) -> list[Finding]:
    """Every resource of `package` without a description, sorted by file.

    Checked: models, seeds and snapshots and their columns; sources (the source and each
    table) and their columns; macros and their arguments (an argument of the macro's
    signature that the YAML does not list counts as undocumented); exposures, semantic models,
    metrics and saved queries. With a `catalog` (from `dbt docs generate`), a column of a
    built model or seed that the YAML does not list is reported too.
    """
    findings: list[Finding] = []
    for node in manifest.get("nodes", {}).values():
        label = _NODE_TYPES.get(node.get("resource_type", ""))
        if label is None or node.get("package_name") != package:
            continue
        if _blank(node.get("description")):
            findings.append(Finding(_yaml_path(node), label, node["name"]))
        # Snapshot columns mirror their relation (documented there) plus dbt's own
        # dbt_valid_from / dbt_valid_to ...: only the columns their YAML declares are checked.
        column_catalog = None if label == "snapshot" else catalog
        findings.extend(_column_findings(node, label, node["name"], column_catalog))

    described_sources: set[str] = set()
    for source in manifest.get("sources", {}).values():
        if source.get("package_name") != package:
            continue
        path = str(source.get("original_file_path", "?"))
        if (
            _blank(source.get("source_description"))
            and source["source_name"] not in described_sources
        ):
            findings.append(Finding(path, "source", source["source_name"]))
        described_sources.add(source["source_name"])
        qualified = f"{source['source_name']}.{source['name']}"
        if _blank(source.get("description")):
            findings.append(Finding(path, "source table", qualified))
        findings.extend(_column_findings(source, "source", qualified, catalog))

    for macro in manifest.get("macros", {}).values():
        if macro.get("package_name") != package:
            continue
        path = _yaml_path(macro)
        if _blank(macro.get("description")):
            findings.append(Finding(path, "macro", macro["name"]))
        documented = {arg["name"]: arg for arg in macro.get("arguments", [])}
        for arg in _macro_signature_args(str(macro.get("macro_sql", ""))):
            if arg not in documented or _blank(documented[arg].get("description")):
                findings.append(Finding(path, "macro argument", f"{macro['name']}({arg})"))

    for key, label in (
        ("exposures", "exposure"),
        ("semantic_models", "semantic model"),
        ("metrics", "metric"),
        ("saved_queries", "saved query"),
    ):
        for resource in manifest.get(key, {}).values():
            if resource.get("package_name") == package and _blank(resource.get("description")):
                findings.append(
                    Finding(str(resource["original_file_path"]), label, resource["name"])
                )
    return sorted(set(findings))


def read_registry(path: Path) -> list[dict[str, str]]:
    """Rows of the metric registry seed (seeds/scorecard_metrics.csv)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def metric_docs_blocks(
    manifest: Mapping[str, Any], package: str = PROJECT
) -> dict[str, dict[str, Any]]:
    """The `metric_<metric_id>` docs blocks of the package, by metric_id."""
    blocks = {}
    for doc in manifest.get("docs", {}).values():
        name = str(doc.get("name", ""))
        if doc.get("package_name") == package and name.startswith("metric_"):
            if name not in NON_METRIC_DOCS_BLOCKS:
                blocks[name.removeprefix("metric_")] = doc
    return blocks


def _doc_text(manifest: Mapping[str, Any], name: str, package: str) -> str:
    doc = manifest.get("docs", {}).get(f"doc.{package}.{name}", {})
    return str(doc.get("block_contents", ""))


def _expected_lines(row: Mapping[str, str]) -> dict[str, str]:
    """Fragments a metric's docs block must contain, each built from its registry row."""
    anomaly = "true" if row["anomaly_detection"].strip().lower() == "true" else "false"
    return {
        "header (name, id and the registry description)": (
            f"**{row['metric_name']}** (`{row['metric_id']}`): {row['description']}"
        ),
        "unit": f"- **Unit:** `{row['unit']}`",
        "direction": f"- **Direction:** `{row['direction']}`",
        "outcome level": f"- **Outcome level:** `{row['outcome_level']}`",
        "update frequency": f"- **Update frequency:** `{row['update_frequency']}`",
        "owner": f"- **Owner:** `{row['owner_team']}` — {row['owner_name']}",
        "missing-data rule": f"- **Missing-data rule:** `{row['missing_data_rule']}`",
        "anomaly rule": f"(`anomaly_detection` = `{anomaly}`)",
        "formula": "- **Formula:** ",
        "grain": "- **Grain:** ",
        "data sources": "- **Data sources:** ",
        "scoring": "- **Scoring:** ",
    }


def _source_links(row: Mapping[str, str], package: str) -> dict[str, tuple[str, str]]:
    """For each raw table of the metric: the docs-site links to its source and staging model."""
    links = {}
    for table in filter(None, (t.strip() for t in row["data_sources"].split(";"))):
        source, name = table.split(".", 1)
        source_id = f"source.{package}.{source}.{name}"
        staging_id = f"model.{package}.stg_{source}__{name}"
        links[table] = (source_id, staging_id)
    return links


def registry_mismatches(
    manifest: Mapping[str, Any],
    registry: Iterable[Mapping[str, str]],
    package: str = PROJECT,
) -> list[Finding]:
    """Disagreements between the metric registry seed and the `metric_*` docs blocks.

    A registry metric without a docs block, a docs block without a registry metric, a block
    whose fields (name, description, unit, direction, level, update frequency, owner,
    missing-data rule, anomaly detection) differ from the registry row or that lacks a
    section (formula, grain, data sources, scoring), a data source without links to its dbt
    source and staging model, a metric calculator model that does not show the block, and a
    metric missing from the glossary index (the `scorecard_metrics_registry` block).
    """
    rows = {row["metric_id"]: row for row in registry}
    blocks = metric_docs_blocks(manifest, package)
    nodes = manifest.get("nodes", {})
    sources = manifest.get("sources", {})
    findings: list[Finding] = []
    for metric_id in sorted(set(rows) - set(blocks)):
        findings.append(
            Finding(
                "models/marts/metrics/_metrics__docs.md",
                "registry",
                metric_id,
                f"no docs block metric_{metric_id}",
            )
        )
    for metric_id in sorted(set(blocks) - set(rows)):
        path = str(blocks[metric_id]["original_file_path"])
        findings.append(
            Finding(path, "docs block", f"metric_{metric_id}", "no registry metric of that id")
        )
    index = _doc_text(manifest, "scorecard_metrics_registry", package)
    for metric_id in sorted(rows):
        link = f"(#!/model/model.{package}.int_metric__{metric_id})"
        if link not in index:
            findings.append(
                Finding(
                    "models/marts/metrics/_metrics__docs.md",
                    "docs block",
                    "scorecard_metrics_registry",
                    f"glossary index has no link {link}",
                )
            )
    for metric_id in sorted(set(rows) & set(blocks)):
        block = blocks[metric_id]
        text = str(block.get("block_contents", ""))
        path = str(block["original_file_path"])
        for field, fragment in _expected_lines(rows[metric_id]).items():
            if fragment not in text:
                findings.append(
                    Finding(
                        path, "docs block", f"metric_{metric_id}", f"{field}: expected `{fragment}`"
                    )
                )
        for table, (source_id, staging_id) in _source_links(rows[metric_id], package).items():
            for unique_id, kind in ((source_id, "source"), (staging_id, "model")):
                exists = unique_id in sources or unique_id in nodes
                if not exists:
                    findings.append(
                        Finding(
                            path,
                            "docs block",
                            f"metric_{metric_id}",
                            f"{unique_id} is not in the project",
                        )
                    )
                elif f"(#!/{kind}/{unique_id})" not in text:
                    findings.append(
                        Finding(
                            path,
                            "docs block",
                            f"metric_{metric_id}",
                            f"data source {table}: no link to #!/{kind}/{unique_id}",
                        )
                    )
        calculator = nodes.get(f"model.{package}.int_metric__{metric_id}")
        if calculator is None:
            findings.append(
                Finding(path, "registry", metric_id, f"no calculator model int_metric__{metric_id}")
            )
        elif text.strip() not in str(calculator.get("description", "")):
            findings.append(
                Finding(
                    _yaml_path(calculator),
                    "model",
                    calculator["name"],
                    f"description does not show the docs block metric_{metric_id}",
                )
            )
    return sorted(findings)


_DOCS_LINK = re.compile(r"\(#!/(?P<kind>\w+)/(?P<unique_id>[\w.]+)\)")


def broken_links(manifest: Mapping[str, Any], package: str = PROJECT) -> list[Finding]:
    """Links of the docs site (`(#!/model/model.<package>.x)`) in the package's docs blocks
    and descriptions that point at no resource of the manifest."""
    known: set[str] = set()
    for key in ("nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries"):
        known.update(manifest.get(key, {}))
    texts: list[tuple[str, str, str]] = []
    for doc in manifest.get("docs", {}).values():
        if doc.get("package_name") == package:
            texts.append(
                (str(doc["original_file_path"]), str(doc["name"]), str(doc["block_contents"]))
            )
    findings = []
    for path, name, text in texts:
        for match in _DOCS_LINK.finditer(text):
            if match.group("unique_id") not in known:
                findings.append(
                    Finding(path, "docs block", name, f"broken link to {match.group('unique_id')}")
                )
    return sorted(set(findings))


def check_docs(target_dir: Path, project_dir: Path) -> list[Finding]:
    """Coverage, registry and link findings for a dbt target folder (catalog used if present)."""
    manifest = load_json(target_dir / "manifest.json")
    catalog_path = target_dir / "catalog.json"
    catalog = load_json(catalog_path) if catalog_path.exists() else None
    registry = read_registry(project_dir / "seeds" / "scorecard_metrics.csv")
    return sorted(
        set(undocumented(manifest, catalog)) | set(registry_mismatches(manifest, registry))
    )
