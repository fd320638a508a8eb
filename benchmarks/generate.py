"""A deterministic synthetic vault: `--contacts 10000` gives about 43,000 notes.

Per contact: 2.8 meetings, 0.15 organizations, 0.25 opportunities and 0.1 daily notes,
and about 3% of the notes carry a realistic defect (a broken link, a YAML trap, a bad
value, a duplicate key, invalid YAML). The same arguments always write the same bytes.

`--unique` writes mostly unique text instead of a dozen words over and over: made-up words
in the bodies and in the free-text fields (role, tags, industry, offered help), so neither
the parser's memo of lines seen before nor the search index's vocabulary stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

FIRST = "Ada Alan Grace Linus Margaret Barbara Ken Dennis Frances Edsger Radia John Katherine Tim Hedy Donald".split()
LAST = (
    "Lovelace Turing Hopper Torvalds Hamilton Liskov Thompson Ritchie Allen Dijkstra Perlman Backus Johnson Berners "
    "Lamarr Knuth"
).split()
WORDS = "grid data platform energy cloud robotics health retail logistics finance media search climate".split()
START = dt.date(2025, 1, 6)


def person(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


def org(i: int) -> str:
    return f"{WORDS[i % len(WORDS)].title()} {WORDS[(i * 7) % len(WORDS)].title()} {i}"


def defect(rng: random.Random, text: str) -> str:
    """One realistic defect in a note's front matter."""
    kind = rng.randrange(5)
    if kind == 0:
        return text.replace("---\ntype:", "---\nrole: x\nrole: y\ntype:", 1)
    if kind == 1:
        return text.replace("---\ntype:", "---\ntime: 14:00\ntype:", 1)
    if kind == 2:
        return text.replace('"[[', '"[[Unknown ', 1) if '"[[' in text else text + "[[Nobody]]\n"
    if kind == 3:
        return text.replace("---\ntype:", "---\nlist: [B\ntype:", 1)
    return text.replace("---\ntype:", "---\nphone: +4930123\ntype:", 1)


class Text:
    """Words for the notes: the dozen `WORDS`, or with `unique` made-up ones, rarely twice."""

    def __init__(self, rng: random.Random, unique: bool) -> None:
        self.rng, self.unique = rng, unique
        # Made-up words come from their own generator, and the usual word is drawn all the
        # same: the notes, their names and links are those of the usual vault.
        self.made_up = random.Random("made-up words")

    def word(self) -> str:
        usual = self.rng.choice(WORDS)
        return self._made_up() if self.unique else usual

    def _made_up(self) -> str:
        letters = "abcdefghijklmnopqrstuvwxyz"
        return "".join(self.made_up.choice(letters) for _ in range(self.made_up.randint(4, 10)))

    def words(self, n: int) -> str:
        return " ".join(self.word() for _ in range(n))

    def field(self, usual: str) -> str:
        """A free-text field's value: `usual`, or with `unique` a made-up one."""
        return f"{self._made_up()} {self._made_up()}".title() if self.unique else usual


def generate(root: Path, contacts: int, seed: int = 1, unique: bool = False) -> int:
    rng = random.Random(seed)
    text_of = Text(rng, unique)
    if root.exists():
        shutil.rmtree(root)
    for folder in ("contacts", "organizations", "meetings", "opportunities", "pitch", "Daily"):
        (root / folder).mkdir(parents=True)
    (root / "netmd.toml").write_text('[vault]\nname = "Benchmark"\n')
    orgs = max(1, contacts * 15 // 100)
    files: dict[str, str] = {}
    for i in range(orgs):
        files[f"organizations/{org(i)}.md"] = (
            f"---\ntype: organization\ntarget: {'true' if i % 10 == 0 else 'false'}\nstage: networking\n"
            f"industry: {text_of.field(WORDS[i % len(WORDS)])}\npriority: {1 + i % 5}\n"
            f"website: https://org{i}.example\n---\n"
            f"# {org(i)}\n\nWhy it fits: {text_of.words(12)}.\n"
        )
    for i in range(contacts):
        ref = f'referred_by: "[[{person(rng.randrange(i))}]]"\n' if i and rng.random() < 0.4 else ""
        files[f"contacts/{person(i)}.md"] = (
            f'---\ntype: contact\nlist: {"ABC"[i % 3]}\norganization: "[[{org(rng.randrange(orgs))}]]"\n'
            f"role: {text_of.field('Engineer')}\nemail: person{i}@example.org\n{ref}"
            f"decision_maker: {'true' if i % 17 == 0 else 'false'}\ncreated: {START + dt.timedelta(days=i % 600)}\n"
            f"tags: [{text_of.word()}]\n---\n# {person(i)}\n\n{text_of.words(30)}\n"
            f"\n- [ ] Follow up 📅 {START + dt.timedelta(days=rng.randrange(700))}\n"
        )
    for i in range(contacts * 28 // 10):
        who = person(rng.randrange(contacts))
        day = START + dt.timedelta(days=rng.randrange(700))
        refs = f'referrals:\n  - "[[{person(rng.randrange(contacts))}]]"\n' if rng.random() < 0.3 else ""
        files[f"meetings/{day} {who} {i}.md"] = (
            f'---\ntype: meeting\ndate: {day}\ntime: "{9 + i % 9:02d}:00"\nduration: {20 + i % 3 * 5}\n'
            f'with:\n  - "[[{who}]]"\nkind: information\npurposes: [advice, referrals]\n{refs}'
            f"thanked: {day + dt.timedelta(days=1)}\noffered_help: {text_of.field('Shared notes')}\n---\n"
            f"# Meeting with [[{who}]]\n\n{text_of.words(60)}\n\n"
            f"- [x] Thank-you ✅ {day + dt.timedelta(days=1)}\n"
        )
    for i in range(contacts // 4):
        files[f"opportunities/Role {i}.md"] = (
            f'---\ntype: opportunity\norganization: "[[{org(rng.randrange(orgs))}]]"\nrole: Engineer\n'
            f"market: {'formal' if i % 2 else 'informal'}\nstage: lead\n"
            f"date: {START + dt.timedelta(days=i % 700)}\n---\n"
        )
    for i in range(contacts // 10):
        files[f"Daily/{START + dt.timedelta(days=i)} {i}.md"] = (
            f"# Day {i}\n\nTalked to [[{person(rng.randrange(contacts))}]].\n"
        )
    files["pitch/Elevator pitch.md"] = "---\ntype: pitch\ntarget_seconds: 120\n---\n" + "word " * 200 + "\n"
    for n, (rel, text) in enumerate(sorted(files.items())):
        if n % 33 == 5 and text.startswith("---\ntype:"):
            text = defect(rng, text)
        (root / rel).write_text(text, "utf-8")
    return len(files)


LINKEDIN_PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)


def linkedin_export(path: Path, rows: int, seed: int = 1) -> None:
    """A LinkedIn Connections.csv of `rows` people at `rows // 7` companies, a third with an email."""
    rng = random.Random(seed)
    lines = [LINKEDIN_PREAMBLE]
    for i in range(rows):
        first, last = person(i).rsplit(" ", 1)[0].split(" ", 1)
        last = f"{last}-{i}"
        email = f"{first}.{last}@example.com".lower() if rng.random() < 0.33 else ""
        company = org(rng.randrange(max(1, rows // 7)))
        day = (START - dt.timedelta(days=rng.randrange(3000))).strftime("%d %b %Y")
        role = rng.choice(["Engineer", "Product Manager", "Director, Data", "Recruiter", "VP Engineering"])
        url = f"https://www.linkedin.com/in/{first}-{last}".lower()
        lines.append(f'{first},{last},{url},{email},{company},"{role}",{day}\n')
    path.write_text("".join(lines), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--unique", action="store_true", help="mostly unique text (see the module's docstring)")
    args = parser.parse_args()
    name = f"contacts-{args.contacts}" + ("-unique" if args.unique else "")
    out = args.out or Path(__file__).parent / "vaults" / name
    print(f"{generate(out, args.contacts, unique=args.unique)} notes in {out}")


if __name__ == "__main__":
    main()
