"""The rule catalogue, `netmd rules`, docs/rules.md, the README and CI say the same thing."""

from __future__ import annotations

import re

from netmd.ruledoc import catalogue_markdown, catalogue_table
from netmd.rules import RULES
from tests.conftest import REPO

README = (REPO / "README.md").read_text("utf-8")


def test_docs_rules_md_is_generated_from_the_rules():
    assert (REPO / "docs" / "rules.md").read_text("utf-8") == catalogue_markdown()


def test_readme_carries_the_rule_table():
    assert catalogue_table() in README


def test_every_rule_is_documented_in_fixed_sections():
    for rule in RULES:
        doc = rule.__doc__ or ""
        assert [
            s for s in ("## What it does", "## Why is this bad?", "## Example", "## Use instead") if s not in doc
        ] == []
        assert re.fullmatch(r"NM\d{3}", rule.CODE) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.NAME)
    assert len({r.CODE for r in RULES}) == len({r.NAME for r in RULES}) == len(RULES)


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(commands) == 2
    assert commands[1] in (REPO / ".ci" / "run").read_text("utf-8")


def test_rule_modules_are_all_registered():
    modules = {p.stem for p in (REPO / "netmd" / "rules").glob("*.py") if p.stem != "__init__"}
    assert modules == {r.__name__.rsplit(".", 1)[1] for r in RULES}
