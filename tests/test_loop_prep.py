"""Issue 15: `new meeting NAME` prepares the conversation from what the vault knows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def test_prep_brings_help_the_organization_referrals_and_purposes(tmp_path):
    org = "---\ntype: organization\ntarget: true\nstage: networking\npriority: 1\nwhy: Grid software\n---\n"
    root = write_vault(
        tmp_path / "v",
        {
            "organizations/Verdant.md": org,
            "organizations/Solace.md": "---\ntype: organization\ntarget: true\n---\n",
            "contacts/Rafael.md": contact(
                list="C", organization='"[[Verdant]]"', decision_maker="true", looking_for='"A data engineer"'
            ),
            "contacts/Nadia.md": contact(list="C", organization='"[[Verdant]]"', referred_by='"[[Rafael]]"'),
            "contacts/Omar.md": contact(list="B", referred_by='"[[Rafael]]"', referred_on="2026-11-02"),
            "meetings/m1.md": '---\ntype: meeting\ndate: 2026-11-01\nwith: ["[[Rafael]]"]\nthanked: 2026-11-01\n'
            'offered_help: "Sent two candidates"\n---\n',
            "meetings/m2.md": '---\ntype: meeting\ndate: 2026-11-10\nwith: ["[[Omar]]"]\nthanked: 2026-11-10\n'
            'offered_help: x\noutcome: "Useful"\n---\n',
            "opportunities/Role.md": '---\ntype: opportunity\norganization: "[[Verdant]]"\nstage: lead\n---\n',
        },
    )
    result = run(root, "new", "meeting", "Rafael", "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    text = (root / "meetings/2026-11-26 Rafael.md").read_text("utf-8")
    assert "- Decision maker: this may become an interview.\n" in text
    assert (
        "## How I can help\n\n- They are looking for: A data engineer\n- Already given (2026-11-01): Sent two" in text
    )
    assert (
        "## Verdant\n\n- Why: Grid software\n- Target, stage networking, priority 1\n- People there: Nadia\n"
        "- Open opportunities: Role (lead)\n"
    ) in text
    assert "## Their referrals (report back)\n\n- Omar: met 2026-11-10; Useful\n" in text
    assert "- Ask who decides, and for a referral to them.\n" in text  # List C
    assert "- Does Rafael know someone at Solace? (targets with no path yet)\n" in text
    assert run(root, "lint", str(root / "meetings/2026-11-26 Rafael.md")).exit_code == 0


def test_a_list_a_friend_is_for_practising_the_pitch(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Lena.md": contact(list="A")})
    assert run(root, "new", "meeting", "Lena").exit_code == 0
    text = (root / "meetings/2026-11-25 Lena.md").read_text("utf-8")
    assert "- Practise the pitch and hear what they would change.\n" in text
    assert "## How I can help" not in text and "Decision maker" not in text
