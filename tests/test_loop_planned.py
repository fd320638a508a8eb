"""A meeting still `planned` after its day did not happen; a meeting booked ahead means
there is nobody to book or chase (issue 15, one source of truth)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault


def agenda(root: Path) -> dict:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "agenda", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def meeting(day: str, who: str, status: str) -> str:
    return f'---\ntype: meeting\ndate: {day}\nwith:\n  - "[[{who}]]"\nkind: information\nstatus: {status}\n---\n'


def test_a_meeting_planned_but_past_is_no_contact_and_a_booked_one_is_no_nag(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Rafael Souza.md": contact("Rafael Souza", list="A"),
            "contacts/Nadia Petrova.md": contact(
                "Nadia Petrova", referred_by='"[[Rafael Souza]]"', referred_on="2026-11-10"
            ),
            "contacts/Ben Ode.md": contact("Ben Ode"),
            "meetings/2026-11-18 Nadia Petrova.md": meeting("2026-11-18", "Nadia Petrova", "planned"),
            "meetings/2026-11-30 Ben Ode.md": meeting("2026-11-30", "Ben Ode", "planned"),
        },
    )
    a = agenda(root)
    assert [r["name"] for r in a["referrals"]] == ["Nadia Petrova"]  # the planned meeting did not happen
    assert "Ben Ode" not in json.dumps(a["stale"]) and "Ben Ode" not in json.dumps(a.get("not_met", []))
