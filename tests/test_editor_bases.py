"""`netmd.base`: the Obsidian Bases file `netmd init` and `netmd bases` write."""

from __future__ import annotations

import shutil

import yaml
from click.testing import CliRunner

from netmd import bases
from netmd.cli import cli
from netmd.schema import ALL_FIELDS
from tests.conftest import COMMITTED_SAMPLE, write_vault

VIEW_KEYS = {"type", "name", "filters", "order", "sort", "groupBy", "limit", "summaries"}
TOP_KEYS = {"filters", "formulas", "properties", "summaries", "views"}
VIEWS = [
    "Contacts by list",
    "Targets by priority",
    "Meetings this week",
    "Thank-yous owed",
    "Referrals waiting",
    "Stale contacts",
]


def test_init_writes_a_valid_base_with_the_documented_keys(tmp_path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "v")])
    assert result.exit_code == 0, result.output
    assert f"created {tmp_path}/v/netmd.base" in result.output.splitlines()
    data = yaml.safe_load((tmp_path / "v/netmd.base").read_text("utf-8"))
    assert set(data) <= TOP_KEYS
    assert [v["name"] for v in data["views"]] == VIEWS
    for view in data["views"]:
        assert set(view) <= VIEW_KEYS and view["type"] == "table"
        assert all(s["direction"] in ("ASC", "DESC") for s in view["sort"])
        formulas = [c.removeprefix("formula.") for c in view["order"] if c.startswith("formula.")]
        assert set(formulas) <= set(data["formulas"])


def test_every_property_the_base_names_is_a_netmd_field():
    named = bases.properties_named(yaml.safe_load(bases.text()))
    assert named - ALL_FIELDS == set()
    assert {"list", "priority", "date", "thanked", "referrals", "status"} <= named


def test_properties_named_reads_expressions_not_functions_strings_or_file_properties():
    data = {
        "filters": {"and": ['note.stage == "x y"', 'file.hasTag("a")', {"not": ["!referrals.isEmpty()"]}]},
        "formulas": {"f": 'if(priority, (today() - date(created)).days, "z")'},
        "views": [{"order": ["file.name", "formula.f", "note.role"], "sort": [{"property": "why"}]}],
    }
    assert bases.properties_named(data) == {"stage", "referrals", "priority", "created", "role", "why"}


def test_bases_follows_the_vaults_fields_and_never_overwrites(tmp_path):
    root = write_vault(tmp_path / "v", {}, '[fields]\nCompany = "organization"\nwhen = "date"\n')
    run = CliRunner().invoke
    result = run(cli, ["--vault", str(root), "bases"])
    assert result.exit_code == 0 and "created v/netmd.base" in result.output
    data = yaml.safe_load((root / "netmd.base").read_text("utf-8"))
    assert "Company" in data["views"][0]["order"] and "organization" not in data["views"][0]["order"]
    assert 'note.when >= today() - "7d"' in data["views"][2]["filters"]["and"]
    (root / "netmd.base").write_text("mine\n", "utf-8")
    result = run(cli, ["--vault", str(root), "bases"])
    assert result.exit_code == 0 and "is there already; nothing to do" in result.output
    assert (root / "netmd.base").read_text("utf-8") == "mine\n"
    result = run(cli, ["--vault", str(root), "bases", "--stdout"])
    assert yaml.safe_load(result.output)["views"][0]["name"] == "Contacts by list"


def test_the_sample_vault_gets_a_base_and_lint_ignores_it(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(COMMITTED_SAMPLE, root, ignore=shutil.ignore_patterns(".netmd"))
    before = CliRunner().invoke(cli, ["--vault", str(root), "lint"]).output
    assert CliRunner().invoke(cli, ["--vault", str(root), "bases"]).exit_code == 0
    assert CliRunner().invoke(cli, ["--vault", str(root), "lint"]).output == before


def test_bases_on_a_generated_vault(tmp_path):
    import sys

    from tests.conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = tmp_path / "gen"
    generate(root, 30)
    result = CliRunner().invoke(cli, ["--vault", str(root), "bases"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((root / "netmd.base").read_text("utf-8"))
    assert bases.properties_named(data) <= ALL_FIELDS and len(data["views"]) == len(VIEWS)
