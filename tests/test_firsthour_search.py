"""`search` matches words with symbols as written, and prints only lines the match is on
(issue 18, "Output people like to read")."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from tests.conftest import contact, write_vault

NOTES = {
    "contacts/Ana.md": contact(list="C") + "Writes C++ and Rust at Initech.\n",
    "contacts/Bo.md": contact(list="C") + "Knows C# and .NET, and some C.\n",
    "contacts/Cy.md": contact(list="C") + "Gardener.\n",
    "contacts/Di.md": contact(list="B") + "Ask about the R&D budget.\n",
    "contacts/Ed Marković.md": contact(list="B") + "Met at the fair.\n",
}


def search(*words: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["search", *words])
    return result.exit_code, result.stdout.splitlines()


def test_a_word_with_symbols_matches_that_word_not_every_list_c_contact(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", NOTES))
    assert search("C++") == (0, ["contacts/Ana.md:5: Writes C++ and Rust at Initech."])
    assert search("c#") == (0, ["contacts/Bo.md:5: Knows C# and .NET, and some C."])
    assert search("R&D") == (0, ["contacts/Di.md:5: Ask about the R&D budget."])
    assert search(".NET") == (0, ["contacts/Bo.md:5: Knows C# and .NET, and some C."])
    assert search("Rust", "C++") == (0, ["contacts/Ana.md:5: Writes C++ and Rust at Initech."])
    assert search("Go++")[0] == 1


def test_a_word_of_symbols_alone_is_looked_for_in_every_note(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", NOTES))
    assert search("++") == (0, ["contacts/Ana.md:5: Writes C++ and Rust at Initech."])
    assert search("&") == (0, ["contacts/Di.md:5: Ask about the R&D budget."])


def test_a_match_in_the_file_name_only_prints_no_line(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", NOTES))
    assert search("markovic") == (0, ["contacts/Ed Marković.md: Ed Marković"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.text(alphabet="abcC+#&.-_'/1", min_size=1, max_size=5).filter(lambda w: w.strip() == w != ""))
def test_every_printed_line_number_is_a_line_the_words_are_on(tmp_path_factory, word):
    root = write_vault(tmp_path_factory.mktemp("v"), NOTES)
    result = CliRunner().invoke(cli, ["--vault", str(root), "search", word])
    for out in result.stdout.splitlines():
        m = re.match(r"(.+?\.md):(\d+): ", out)
        if m:  # (a line number: the word is on that line, as written, case aside)
            line = Path(m[1]).read_text("utf-8").splitlines()[int(m[2]) - 1]  # (from the current folder)
            assert word.casefold() in line.casefold(), (word, out)
