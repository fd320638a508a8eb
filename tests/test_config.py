"""netmd.toml: defaults, validation, and errors that name file, line and key (SPEC §5)."""

from __future__ import annotations

import pytest

from netmd.config import load
from netmd.errors import ConfigError
from netmd.rules import rule_keys


def config(tmp_path, text: str):
    path = tmp_path / "netmd.toml"
    path.write_text(text)
    return load(path, rule_keys)


def error(tmp_path, text: str) -> tuple[int, str, str]:
    with pytest.raises(ConfigError) as e:
        config(tmp_path, text)
    return e.value.line, e.value.key, str(e.value)


def test_defaults_when_missing(tmp_path):
    c = load(tmp_path / "netmd.toml", rule_keys)
    assert c.method["max_meeting_minutes"] == 30 and c.folders["contacts"] == "contacts"


def test_values_override_defaults(tmp_path):
    c = config(tmp_path, '[method]\nweekly_meeting_goal = 3\ncadence_days = { C = 14 }\n[lint]\nNM204 = "off"\n')
    assert c.method["weekly_meeting_goal"] == 3 and c.method["thank_you_within_days"] == 2
    assert c.method["cadence_days"] == {"A": 90, "B": 60, "C": 14}
    assert c.lint == {"unknown-field": "off"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[vault\n", (1, "", "invalid TOML")),
        ("[vaults]\n", (1, "vaults", "unknown section")),
        ('[vault]\nname = "x"\nowner = 3\n', (3, "vault.owner", "expected text, found a number")),
        ("[method]\n\nmax_meeting_minute = 30\n", (3, "method.max_meeting_minute", "unknown key")),
        ('[lint]\nno-such-rule = "off"\n', (2, "lint.no-such-rule", "unknown rule")),
        ('[lint]\nbroken-link = "fatal"\n', (2, "lint.broken-link", "unknown severity 'fatal'")),
        ('[fields]\nCompany = "employer"\n', (2, "fields.Company", '"employer" is not a netmd field')),
        ('[vault]\nweek_start = "someday"\n', (2, "vault.week_start", "expected one of monday")),
        ('[folders]\ncontacts = "../elsewhere"\n', (2, "folders.contacts", "must be a folder inside the vault")),
        ("[method]\ncadence_days = { D = 3 }\n", (2, "method.cadence_days", "expected { A = days")),
    ],
)
def test_errors_name_line_and_key(tmp_path, text, expected):
    line, key, message = error(tmp_path, text)
    assert (line, key) == expected[:2]
    assert expected[2] in message and message.startswith(f"{tmp_path / 'netmd.toml'}:{line}")


def test_unknown_key_lists_the_valid_ones(tmp_path):
    assert "expected one of name, owner, week_start, ignore" in error(tmp_path, "[vault]\nnmae = 1\n")[2]
