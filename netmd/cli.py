"""The `netmd` command: thin click glue over the library (STYLE.md example 1).

Only click is imported at start-up; each command imports what it needs, so `netmd lint`
in a git hook starts fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from netmd import __version__, clock, vocabulary
from netmd.errors import NetmdError, UsageError

F = Callable[..., Any]
TYPE_NAMES = ("contact", "organization", "meeting", "pitch", "opportunity")  # for completion; the schema checks


# Commands that write no note: one that fails on something no check of the cache caught (a
# crafted value of the wrong shape behind a good checksum, say) runs once more, on a cache
# made anew from the notes; only a failure of that run is an internal error.
AGAIN = frozenset({"lint", "agenda", "dashboard", "stats", "path", "show", "ls", "search", "export", "index"})


class NetmdGroup(click.Group):
    """Turns `NetmdError` into a one-line message and its exit code: the one place errors are caught."""

    def invoke(self, ctx: click.Context) -> Any:
        kept = "_protected_args" if hasattr(ctx, "_protected_args") else "protected_args"  # (click 8.2 renamed it)
        given = [*getattr(ctx, kept)], [*ctx.args]
        for first in (True, False):
            try:
                return super().invoke(ctx)
            except NetmdError as e:
                click.echo(f"netmd: error: {e}", err=True)
                ctx.exit(e.exit_code)
            except OSError as e:  # a file netmd must write cannot be: say which, and why
                where = f"{e.filename}: " if e.filename else ""
                click.echo(f"netmd: error: {where}{e.strerror or e}", err=True)
                ctx.exit(1)
            except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
                raise
            except Exception as e:  # a bug of netmd's, not the user's: one line and exit 2 (SPEC §3)
                if os.environ.get("NETMD_DEBUG"):  # a developer wants the traceback
                    raise
                if first and _cache_made_anew(ctx, *given):
                    setattr(ctx, kept, [*given[0]])
                    ctx.args = [*given[1]]
                    continue
                message = " ".join(str(e).split())
                click.echo(f"netmd: internal error: {type(e).__name__}: {message} (please report it)", err=True)
                ctx.exit(2)


def _cache_made_anew(ctx: click.Context, command: list[str], args: list[str]) -> bool:
    """Whether `command` may run again, its vault's cache made anew (it writes no note)."""
    words = [*ctx.command_path.split()[1:], *command[:1]]  # (`export json`: the export group's)
    if not words or words[0] not in AGAIN or "--fix" in args:
        return False
    from netmd.index import Index
    from netmd.vault import open_vault as _open

    try:
        with Index(_open((ctx.obj or {}).get("vault"), [a for a in args if not a.startswith("-")]), rebuild=True):
            return True
    except Exception:  # (no vault, or its cache cannot be made: the first failure stands)
        return False


def _store(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None:
        ctx.ensure_object(dict)[param.name] = value
    return value


def _check_today(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is not None:
        try:
            clock.iso_day(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date like 2026-11-25") from None
    return _store(ctx, param, value)


def global_options(f: F, *, env: bool = False) -> F:
    """--vault and --today, accepted before or after the command name (SPEC §3)."""
    f = click.option(
        "--today",
        metavar="YYYY-MM-DD",
        envvar="NETMD_TODAY" if env else None,
        expose_value=False,
        callback=_check_today,
        help="The day every date-dependent answer uses [env: NETMD_TODAY].",
    )(f)
    return click.option(
        "--vault",
        metavar="DIR",
        envvar="NETMD_VAULT" if env else None,
        expose_value=False,
        callback=_store,
        help="The vault folder (default: found from here upwards) [env: NETMD_VAULT].",
    )(f)


def format_option(*choices: str, default: str) -> Callable[[F], F]:
    """A command's --format, also accepted before the command name (`netmd --format json lint`):
    the one after the command wins, and either must be one of `choices`."""

    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        if value is not None:
            return value
        given = (ctx.find_root().obj or {}).get("format")
        return default if given is None else str(param.type.convert(given, param, ctx))

    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        callback=resolve,
        help=f"Output format [default: {default}].",
    )


def complete_names(*types: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion (`_NETMD_COMPLETE`) of the names of notes of `types` in the vault."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        from netmd.complete import find_root, names

        vault = (ctx.obj or {}).get("vault")  # a child context shares its parent's dict
        return names(find_root(vault), types, incomplete)

    return complete


def settings(name: str) -> Any:
    obj = click.get_current_context().find_root().obj or {}
    return obj.get(name)


def open_vault(hints: tuple[str, ...] = ()) -> Any:
    from netmd.vault import open_vault as _open

    return _open(settings("vault"), hints)


def progress(doing: str = "indexing") -> Callable[[int, int], None] | None:
    """A progress bar on stderr for long work, only on a terminal (nothing when piped)."""
    from netmd.progress import bar

    return bar(doing)


def colour(err: bool = False) -> bool:
    """Colour on a terminal (stdout, or stderr with `err`), none when NO_COLOR is set
    (https://no-color.org) or the stream is a pipe or a file: click's own test of the stream,
    which its CliRunner(color=True) answers for tests."""
    from click import _compat

    return not os.environ.get("NO_COLOR") and not _compat.should_strip_ansi(sys.stderr if err else sys.stdout)


def paint(text: str, on: bool, **style: Any) -> str:
    """`text` in `style` (click.style) when `on`."""
    return click.style(text, **style) if on else text


def today() -> dt.date:
    from netmd.clock import today as _today

    return _today(settings("today"))


@click.group(cls=NetmdGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="netmd", message="%(prog)s %(version)s")
@lambda f: global_options(f, env=True)
@click.option(
    "--format",
    "format",
    metavar="FORMAT",
    expose_value=False,
    callback=_store,
    help="Output format for the command that follows (lint, ls, agenda…), as its own --format.",
)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """netmd: a plain-text networking journal and personal CRM.

    Contacts, organizations, meetings and pitches are Markdown notes with YAML front
    matter in a folder (the vault). netmd checks them and answers the networker's
    questions.
    """
    ctx.ensure_object(dict)


def command(group: click.Group = cli, **kwargs: Any) -> Callable[[F], F]:
    """A subcommand that also takes the global options."""

    def decorate(f: F) -> F:
        made = group.command(**kwargs)(global_options(f))
        if made.callback is not None and not any(p.name == "fmt" for p in made.params):
            made.callback = _without_format(made.callback)
        return made  # type: ignore[no-any-return]

    return decorate


def _without_format(f: F) -> F:
    """A command that has no --format refuses one given before its name, rather than ignore it."""

    @functools.wraps(f)
    def run(*args: Any, **kwargs: Any) -> Any:
        if settings("format") is not None:
            name = click.get_current_context().command_path
            raise click.UsageError(f"{name} has no --format option")
        return f(*args, **kwargs)

    return run


def group(**kwargs: Any) -> Callable[[F], click.Group]:
    """A group of subcommands (`new`, `hook`, …) that also takes the global options, so
    `netmd new --vault DIR contact X` works as `netmd --vault DIR new contact X` does."""

    def decorate(f: F) -> click.Group:
        return cli.group(cls=NetmdGroup, **kwargs)(global_options(f))

    return decorate


@command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--sample", is_flag=True, help="Also write a few sample notes.")
def init(folder: str, sample: bool) -> None:
    """Create netmd.toml, the folders and a .gitignore in FOLDER (default: here)."""
    from pathlib import Path

    from netmd.scaffold import init as _init

    done = _init(Path(folder), sample=sample, today=today().isoformat())
    for what, rel in done:
        click.echo(f"{what} {os.path.join(folder, rel)}")
    if not done:
        click.echo(f"{folder} is a netmd vault already; nothing to do")


@command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option("text", "json", "github", default="text")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--fix", is_flag=True, help="Apply the safe automatic fixes (quoting YAML traps).")
def lint(paths: tuple[str, ...], fmt: str, strict: bool, fix: bool) -> None:
    """Check the whole vault, or only PATHS (links resolve against the whole vault)."""
    from netmd import diagnostics
    from netmd import lint as engine

    vault = open_vault(paths)
    only = vault.select(paths) if paths else None
    diags, checked = engine.run(vault, today(), only, apply_fixes=fix, progress=progress())
    _report(diags, checked, fmt, vault.root)
    sys.exit(diagnostics.exit_code(diags, strict))


def _report(diags: list[Any], checked: int, fmt: str, root: Any) -> None:
    from netmd import diagnostics
    from netmd.shown import for_annotations, from_here

    shown = (for_annotations if fmt == "github" else from_here)(root)  # GitHub wants the repository's paths
    files = [shown(d.path) for d in diags]
    if fmt == "text":
        click.echo(diagnostics.format_text(diags, files, colour()), nl=False)
    else:
        click.echo(diagnostics.FORMATS[fmt](diags, files), nl=False)
    click.echo(diagnostics.summary(diags, checked, colour(err=True)), err=True)


@command()
@format_option("text", "markdown", default="text")
def rules(fmt: str) -> None:
    """The rule catalogue: code, name, default severity, what it checks."""
    from netmd.ruledoc import catalogue_markdown, catalogue_text

    click.echo(catalogue_text() if fmt == "text" else catalogue_markdown(), nl=False)


@command(name="index")
@click.option("--rebuild", is_flag=True, help="Forget the cache and parse every note again.")
def index_cmd(rebuild: bool) -> None:
    """Bring the cache in .netmd/ up to date (every command does this on its own)."""
    from netmd.index import Index

    vault = open_vault()
    with Index(vault, rebuild=rebuild, progress=progress()) as index:
        index.refresh()
        count = index.count()
        where = _here(vault.root / ".netmd") if index.persistent else "memory (.netmd/ cannot be written)"
    click.echo(f"{count} notes indexed in {where}")


@command(name="ls")
@click.argument("note_type", metavar="TYPE", shell_complete=lambda c, p, i: [t for t in TYPE_NAMES if t.startswith(i)])
@click.option(
    "--where", "where", multiple=True, metavar="FIELD=VALUE", help="Keep notes whose FIELD has VALUE (repeatable)."
)
@click.option("--sort", metavar="FIELD", help="Sort by FIELD (default: name).")
@format_option("table", "json", "csv", default="table")
def ls_cmd(note_type: str, where: tuple[str, ...], sort: str | None, fmt: str) -> None:
    """List the notes of a TYPE: contact, organization, meeting, pitch or opportunity."""
    import shutil

    from netmd import query
    from netmd.index import Index

    with Index(open_vault(), progress=progress()) as index:
        index.refresh()
        clauses = query.parse_where(note_type, where) if note_type in query.COLUMNS else []
        rows = query.ls(index.notes(note_type), note_type, clauses, sort)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 1_000_000  # a pipe gets whole cells
    click.echo(_rows_out(rows, query.COLUMNS[note_type], fmt, width), nl=False)


def _rows_out(rows: list[dict[str, Any]], columns: list[str], fmt: str, width: int) -> str:
    import json

    from netmd import query
    from netmd.diagnostics import json_lines

    if fmt == "json":
        # (a record holds no NaN or infinity: `query.record` spells them as YAML does)
        return json_lines([json.dumps(r, ensure_ascii=False, default=str, allow_nan=False) for r in rows])
    if fmt == "csv":
        return query.csv_text(rows, columns)
    return query.table(rows, columns, width) if rows else ""


@command()
@click.argument(
    "words", metavar="NAME", nargs=-1, required=True, shell_complete=complete_names("contact", "organization")
)
def show(words: tuple[str, ...]) -> None:
    """One contact or organization as a card: fields, meetings, referrals, follow-ups."""
    name = " ".join(words)  # `netmd show Ada Lovelace` needs no quotes
    from netmd import query
    from netmd.index import Index
    from netmd.names import MemoryNames
    from netmd.shown import from_here

    vault = open_vault()
    with Index(vault, progress=progress()) as index:
        index.refresh()
        notes = index.notes()
        index_entries = index.entries()
        names = MemoryNames(index_entries)
    from netmd.lookup import lookup

    found = lookup(names, index_entries, name, ("contact", "organization"), vault.config.key("type"))
    note = next(n for n in notes if n.path == found.path)
    click.echo(query.card(note, notes, names, from_here(vault.root)), nl=False)


@command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="At most this many notes.")
def search(text: tuple[str, ...], limit: int) -> None:
    """Full-text search over titles, fields and bodies: the best matches with their line."""
    from netmd.index import Index
    from netmd.shown import from_here

    vault = open_vault()
    with Index(vault, progress=progress()) as index:
        index.refresh()
        found = index.search(" ".join(text), limit)
    from netmd.diagnostics import one_line

    where = from_here(vault.root)
    for path, line, shown in found:  # no line when only the file name matches: none is made up
        at = f"{one_line(where(path))}:{line}:" if line is not None else f"{one_line(where(path))}:"
        click.echo(f"{at} {one_line(shown)}")
    if not found:
        click.echo("no match", err=True)
        sys.exit(1)


def _answer(key: str) -> Any:
    """One of the method's whole-vault answers for today, kept in the index for the day."""
    from netmd.index import Index

    with Index(open_vault(), progress=progress()) as index:
        return _answer_from(index, key)


def _answer_from(index: Any, key: str) -> Any:
    """`_answer` from an open index, brought up to date first."""
    from netmd.graph import network
    from netmd.method import agenda, stats
    from netmd.method.report import agenda_again
    from netmd.views import method_of

    compute = {"agenda": agenda, "stats": stats, "network": network}[key]
    # after notes' follow-ups alone changed: the agenda's made again, the others read none
    again = {"agenda": agenda_again, "stats": _same, "network": _same}[key]
    day = today()
    index.refresh()
    return index.answer(key, day, lambda: compute(method_of(index, day)), again)


def _same(kept: Any, m: Any) -> Any:
    return kept


def _emit(data: Any, fmt: str, text: Callable[[Any], str]) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else text(data), nl=False)


@command(name="path")
@click.argument(
    "words", metavar="TARGET", nargs=-1, required=True, shell_complete=complete_names("organization", "contact")
)
@format_option("text", "json", default="text")
def path_cmd(words: tuple[str, ...], fmt: str) -> None:
    """Shortest referral chains from people you know to people at TARGET, decision makers first."""
    target = " ".join(words)  # `netmd path Verdant Grid` needs no quotes
    from netmd.graph import Network
    from netmd.index import Index
    from netmd.lookup import lookup
    from netmd.views import path_data, path_text

    with Index(open_vault(), progress=progress()) as index:
        data = _answer_from(index, "network")
        # (`index.entries`, not its value: every entry is decoded only when the name is a prefix)
        found = lookup(
            index.names(), index.entries, target, ("contact", "organization"), index.vault.config.key("type")
        )
    chains = path_data(Network(data), found.path, found.name)
    org = found.name if found.type == "organization" else None
    _emit(chains, fmt, lambda d: path_text(d, org))


@command()
@format_option("text", "json", default="text")
def agenda(fmt: str) -> None:
    """What is due today: meetings, thank-yous owed, follow-ups, referrals waiting, stale contacts."""
    from netmd.shown import from_here
    from netmd.views import agenda_text, plain

    style = click.style if colour() else plain
    _emit(_answer("agenda"), fmt, lambda a: agenda_text(a, from_here(open_vault().root), style))


@command()
@format_option("text", "json", default="text")
def stats(fmt: str) -> None:
    """Activity and yield: meetings per week, referrals per meeting, thank-you and help rates."""
    from netmd.views import stats_text

    _emit(_answer("stats"), fmt, stats_text)


@command()
@click.option("--week", metavar="YYYY-Www", help="The ISO week (default: this week).")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the generated part instead of writing the file.")
def dashboard(week: str | None, to_stdout: bool) -> None:
    """Render the weekly dashboard into dashboards/<week>.md (only between netmd's markers)."""
    from netmd import dashboard as board

    vault, day = open_vault(), today()
    if to_stdout:
        click.echo(board.generate(vault, day, week)[1], nl=False)
        return
    path, changed = board.update(vault, day, week, progress=progress())
    click.echo(f"{'wrote' if changed else 'unchanged'} {_here(path)}")


@group()
def new() -> None:
    """Create a note from its template; never overwrites."""


def _here(path: Path) -> str:
    """A file netmd wrote, as a path from the current folder (absolute when they share only `/`)."""
    from netmd.shown import from_here

    return from_here(path.parent)(path.name)


def _created(path: Any, open_it: bool) -> None:
    click.echo(_here(Path(path)))
    if open_it:
        click.edit(filename=str(path))


def _new(note_type: str, name: str, data: dict[str, Any], open_it: bool, create_missing: bool = False) -> None:
    """Write a note after checking its name and links; say which missing notes were created."""
    from netmd.newnote import new_note

    written = new_note(open_vault(), note_type, name, data, create_missing=create_missing)
    for path, why in written[1:]:
        click.echo(f"created {_here(path)} (named by {why})", err=True)
    _created(written[0][0], open_it)


def _create_missing_option(f: F) -> F:
    return click.option(
        "--create-missing", is_flag=True, help="Create the notes the options name that do not exist yet."
    )(f)


def _open_option(f: F) -> F:
    return click.option("--open", "open_it", is_flag=True, help="Open the new note in $EDITOR.")(f)


@command(new, name="contact")
@click.argument("name")
@click.option("--list", "list_", type=click.Choice(vocabulary.LISTS), default="B", show_default=True)
@click.option(
    "--org",
    "organization",
    metavar="ORG",
    help="The organization they work for.",
    shell_complete=complete_names("organization"),
)
@click.option("--role", help="Their role.")
@click.option("--email", help="Their email address.")
@click.option("--referred-by", metavar="NAME", help="Who introduced you.", shell_complete=complete_names("contact"))
@_create_missing_option
@_open_option
def new_contact(
    name: str,
    list_: str,
    organization: str | None,
    role: str | None,
    email: str | None,
    referred_by: str | None,
    create_missing: bool,
    open_it: bool,
) -> None:
    """A contact note: contacts/NAME.md. --org and --referred-by must name notes that exist."""
    data = {"list": list_, "organization": organization, "role": role, "email": email, "referred_by": referred_by}
    _new("contact", name, {**data, "today": today().isoformat()}, open_it, create_missing)


@command(new, name="organization")
@click.argument("name")
@click.option("--target", is_flag=True, help="A List C target employer.")
@click.option(
    "--stage",
    type=click.Choice(vocabulary.ORGANIZATION_STAGES),
    default="researching",
    show_default=True,
)
@click.option("--industry", help="Its industry.")
@_open_option
def new_organization(name: str, target: bool, stage: str, industry: str | None, open_it: bool) -> None:
    """An organization note: organizations/NAME.md."""
    data = {"target": target, "stage": stage, "industry": industry, "today": today().isoformat()}
    _new("organization", name, data, open_it)


@command(new, name="pitch")
@click.argument("name", default="Elevator pitch")
@_open_option
def new_pitch(name: str, open_it: bool) -> None:
    """A pitch note: pitch/NAME.md (two minutes, spoken)."""
    _new("pitch", name, {"today": today().isoformat()}, open_it)


@command(new, name="opportunity")
@click.argument("name")
@click.option(
    "--org",
    "organization",
    metavar="ORG",
    required=True,
    help="The organization.",
    shell_complete=complete_names("organization"),
)
@click.option("--role", help="The role.")
@click.option(
    "--market",
    type=click.Choice(vocabulary.MARKETS),
    default="informal",
    show_default=True,
    help="A posting (formal) or a referral (informal).",
)
@click.option("--via", metavar="CONTACT", help="Who referred you.", shell_complete=complete_names("contact"))
@click.option(
    "--stage",
    type=click.Choice(vocabulary.OPPORTUNITY_STAGES),
    default="lead",
    show_default=True,
)
@_create_missing_option
@_open_option
def new_opportunity(
    name: str,
    organization: str,
    role: str | None,
    market: str,
    via: str | None,
    stage: str,
    create_missing: bool,
    open_it: bool,
) -> None:
    """An opportunity note: opportunities/NAME.md. --org and --via must name notes that exist."""
    data = {"organization": organization, "role": role, "market": market, "via": via, "stage": stage}
    _new("opportunity", name, {**data, "today": today().isoformat()}, open_it, create_missing)


@command(new, name="meeting")
@click.argument("words", metavar="CONTACT", nargs=-1, required=True, shell_complete=complete_names("contact"))
@click.option("--date", "day", metavar="DAY", help="YYYY-MM-DD, today, tomorrow, a weekday or +3d (default: today).")
@click.option("--time", "time_", metavar="HH:MM", help="The time.")
@click.option("--duration", type=click.IntRange(1, 1440), default=30, show_default=True, help="Minutes.")
@click.option(
    "--kind",
    type=click.Choice(vocabulary.MEETING_KINDS),
    default="information",
    show_default=True,
)
@_open_option
def new_meeting(
    words: tuple[str, ...], day: str | None, time_: str | None, duration: int, kind: str, open_it: bool
) -> None:
    """A meeting note that prepares the 30-minute conversation: meetings/DATE CONTACT.md."""
    import re

    from netmd.actions import parse_day
    from netmd.newnote import new_meeting as create_meeting

    when = parse_day(day, today(), forward=True) if day else today()
    if time_ is not None and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", time_):
        raise UsageError(f"--time {time_!r}: expected a time like 14:00")
    options = {"time": time_, "duration": duration, "kind": kind, "today": today().isoformat()}
    _created(create_meeting(open_vault(), words, when, options, progress()), open_it)


# -- the daily loop: actions that write the vault (issue 15) -------------------------------


def _action_options(f: F) -> F:
    f = click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")(f)
    return click.option("--date", "day", metavar="DAY", help="YYYY-MM-DD, today, yesterday, a weekday or -2d.")(f)


def _act(make: Callable[[Any, Any, dt.date], Any], day: str | None, dry_run: bool) -> None:
    """Run one action: find what it changes, write it (or not, with --dry-run), lint the note again."""
    from netmd import actions

    vault, now = open_vault(), today()
    when = actions.record_day(day, now) if day is not None else now
    edit, diags = actions.perform(vault, now, lambda index: make(vault, index, when), dry_run)
    click.echo(f"{'would write' if dry_run else 'wrote'} {_here(vault.root / edit.path)}: {edit.said}")
    if diags:
        _report(diags, 1, "text", vault.root)


def _who(index: Any, name: str) -> Any:
    from netmd.lookup import lookup

    vault = index.vault
    return lookup(index.names(), index.entries, name, type_key=vault.config.key("type"), root=vault.root)


@command()
@click.argument("words", metavar="NAME", nargs=-1, required=True, shell_complete=complete_names("contact"))
@_action_options
def thank(words: tuple[str, ...], day: str | None, dry_run: bool) -> None:
    """Record a thank-you: `thanked:` on the latest meeting with NAME that lacks it."""
    from netmd import actions

    name = " ".join(words)

    def make(vault: Any, index: Any, when: dt.date) -> Any:
        person = _who(index, name)
        return actions.thank(vault, actions.meetings_of(index, person), person, when)

    _act(make, day, dry_run)


@command()
@click.argument("words", metavar="TEXT", nargs=-1, required=True)
@_action_options
def done(words: tuple[str, ...], day: str | None, dry_run: bool) -> None:
    """Tick the open task that says TEXT: `- [x] … ✅ DATE`, the Tasks plugin's format."""
    from netmd import actions

    _act(lambda v, ix, d: actions.done(v, ix, " ".join(words), d), day, dry_run)


@command()
@click.argument("words", metavar="NAME", nargs=-1, required=True, shell_complete=complete_names("contact"))
@_action_options
def ask(words: tuple[str, ...], day: str | None, dry_run: bool) -> None:
    """Record that you asked NAME for a meeting (`asked:`); `replied:` or a meeting closes it."""
    from netmd import actions

    name = " ".join(words)
    _act(lambda v, ix, d: actions.ask(v, _who(ix, name), d), day, dry_run)


@command()
@click.argument("people", metavar="NAME...", nargs=-1, required=True, shell_complete=complete_names("contact"))
@click.option("--kind", type=click.Choice(vocabulary.LOG_KINDS), default="call", show_default=True)
@click.option("--note", "text", default="", help="A line about it.")
@_action_options
def log(people: tuple[str, ...], kind: str, text: str, day: str | None, dry_run: bool) -> None:
    """Record a call, email, coffee or message with NAME (quote each of several): resets the keep-in-touch clock."""
    from netmd import actions
    from netmd.lookup import find_people

    def make(vault: Any, index: Any, when: dt.date) -> Any:
        found = find_people(index.names(), index.entries, people, vault.config.key("type"), vault.root)
        return actions.log(vault, index.names(), found, when, kind, text)

    _act(make, day, dry_run)


@command(name="watch")
def watch_cmd() -> None:
    """Keep the index and this week's dashboard current while you edit (Ctrl-C stops)."""
    import threading

    from netmd.heap import long_process
    from netmd.watch import watch

    long_process()  # (main paused the collector for a short command: watch runs for hours)
    vault = open_vault()
    stop = threading.Event()

    def ask_to_stop(signum: int, frame: Any) -> None:
        """The first Ctrl-C (or SIGTERM) ends the loop where it is safe; a second one is at once."""
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    import signal

    previous = {s: signal.signal(s, ask_to_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    click.echo(f"watching {vault.root} (Ctrl-C to stop)", err=True)
    try:
        watch(vault, today, stop, click.echo)
    except KeyboardInterrupt:
        pass
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    click.echo("stopped", err=True)


@command()
@click.argument("action", type=click.Choice(["list", "copy"]), default="list")
@click.argument("name", required=False)
def templates(action: str, name: str | None) -> None:
    """List the templates and where each comes from; `copy NAME` puts a built-in into the vault."""
    from netmd.render import NAMES, copy, listing

    vault = open_vault()
    if action == "list":
        for tname, source, file in listing(vault):
            click.echo(f"{tname:<13} {source:<9} {file}")
        return
    if name not in NAMES:
        raise UsageError(f"templates copy NAME: NAME is one of {', '.join(NAMES)}")
    from netmd.shown import from_here

    copied = copy(vault, name).relative_to(vault.root).as_posix()
    click.echo(f"copied {from_here(vault.root)(copied)}")  # (from here, as every command prints a note's path)


@group()
def hook() -> None:
    """The git pre-commit hook."""


@command(hook, name="install")
def hook_install() -> None:
    """Install `netmd lint` as this repository's git pre-commit hook (a hook already there keeps running)."""
    from netmd.hook import install

    click.echo(install(open_vault()))


@command(hook, name="run")
@format_option("text", "json", "github", default="text")
def hook_run(fmt: str) -> None:
    """Lint the notes staged for commit, as git has them staged (what the hook runs)."""
    from netmd import diagnostics
    from netmd import lint as engine
    from netmd.hook import STOPPED, staged

    vault = open_vault()
    notes = staged(vault)
    if not notes:
        return
    diags, checked = engine.run(vault, today(), set(notes), staged=notes)
    _report(diags, checked, fmt, vault.root)
    code = diagnostics.exit_code(diags)
    if code:
        click.echo(STOPPED, err=True)
    sys.exit(code)


@group(name="import")
def import_() -> None:
    """Create contacts (and organizations) from LinkedIn, a vCard file or Google Contacts,
    merging with the contacts you have: your notes keep every byte, missing fields are added."""


def _import_options(f: F) -> F:
    for option in (
        click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--dry-run", is_flag=True, help="Print the plan; write nothing."),
        click.option("--list", "list_", type=click.Choice(vocabulary.LISTS), help="List of new contacts [default: B]."),
        click.option("--tag", "tags", multiple=True, metavar="TAG", help="Tag new contacts (repeatable)."),
        click.option("--encoding", metavar="NAME", help="The file's text encoding if not UTF-8 (e.g. cp1252)."),
    ):
        f = option(f)
    return f


def _import(kind: str, file: Path, **options: Any) -> None:
    from netmd.importer import run

    text, errors = run(open_vault(), kind, file, options, today(), progress(), progress("writing"))
    click.echo(text, nl=False)
    for e in errors:
        click.echo(f"netmd: error: {e}", err=True)
    if errors:
        sys.exit(1)


@command(import_, name="linkedin")
@_import_options
def import_linkedin(file: Path, **options: Any) -> None:
    """LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data)."""
    _import("linkedin", file, **options)


@command(import_, name="vcard")
@_import_options
def import_vcard(file: Path, **options: Any) -> None:
    """A vCard file (.vcf; versions 2.1, 3.0 and 4.0), e.g. from a phone or Apple Contacts."""
    _import("vcard", file, **options)


@command(import_, name="google")
@_import_options
def import_google(file: Path, **options: Any) -> None:
    """A Google Contacts CSV export (either header style)."""
    _import("google", file, **options)


@group()
def export() -> None:
    """Contacts as vCard, meetings and follow-ups as iCalendar, every note as JSON."""


def _output_option(f: F) -> F:
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout)."
    )(f)


def _export(data: bytes, output: Path | None) -> None:
    if output is None:
        click.echo(data, nl=False)
        return
    from netmd.fsutil import write_atomic

    write_atomic(output, data)
    click.echo(f"wrote {output}", err=True)


@command(export, name="vcard")
@_output_option
def export_vcard(output: Path | None) -> None:
    """Every contact as a vCard 3.0, for phones and address books."""
    from netmd import exporter
    from netmd.index import Index

    with Index(open_vault(), progress=progress()) as index:
        index.refresh()
        data = exporter.vcard(index, progress("exporting"))
    _export(data, output)


@command(export, name="ics")
@_output_option
@click.option("--todos", is_flag=True, help="Follow-ups as VTODO tasks instead of all-day events.")
def export_ics(output: Path | None, todos: bool) -> None:
    """Meetings as events and follow-ups as all-day events on their due date (iCalendar)."""
    from netmd import exporter
    from netmd.index import Index
    from netmd.views import method_of

    day = today()
    with Index(open_vault(), progress=progress()) as index:
        index.refresh()
        data = exporter.ics(method_of(index, day), day, todos, index, progress("exporting"))
    _export(data, output)


@command(export, name="json")
@_output_option
def export_json(output: Path | None) -> None:
    """Every note with its fields, links and tasks, for scripts."""
    from netmd import exporter
    from netmd.index import Index
    from netmd.names import MemoryNames
    from netmd.progress import counted

    with Index(open_vault(), progress=progress()) as index:
        index.refresh()
        notes = counted(index.each_note(), index.count(), progress("exporting"))
        data = exporter.notes_json(notes, MemoryNames(index.entries())).encode()
    _export(data, output)


@command()
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the base instead of writing it.")
def bases(to_stdout: bool) -> None:
    """Write netmd.base, Obsidian Bases views of the vault (contacts by list, thank-yous owed, ...)."""
    from netmd import bases as _bases

    vault = open_vault()
    if to_stdout:
        click.echo(_bases.text(vault.config.fields), nl=False)
    elif _bases.write(vault.root, vault.config.fields):
        click.echo(f"created {_here(vault.root / _bases.FILE_NAME)}")
    else:
        click.echo(f"{_here(vault.root / _bases.FILE_NAME)} is there already; nothing to do (--stdout prints it)")


@command()
def lsp() -> None:
    """Run the language server on stdin and stdout (an editor starts it; see docs/editor.md)."""
    from netmd.lsp.features import serve

    serve()


@command(name="mv")
@click.argument("old", metavar="OLD", shell_complete=complete_names("contact", "organization"))
@click.argument("new", metavar="NEW")
@click.option("--dry-run", is_flag=True, help="List every edit; write nothing.")
def mv_cmd(old: str, new: str, dry_run: bool) -> None:
    """Rename a contact or organization: its file, its name and every link to it (all or nothing)."""
    from netmd.rename import plan_mv

    _change(lambda index: plan_mv(index, old, new), dry_run)


@command()
@click.argument("keep", metavar="A", shell_complete=complete_names("contact", "organization"))
@click.argument("gone", metavar="B", shell_complete=complete_names("contact", "organization"))
@click.option("--dry-run", is_flag=True, help="List every edit; write nothing.")
def merge(keep: str, gone: str, dry_run: bool) -> None:
    """Merge note B into note A (two notes of one person): fields, body and links; B is removed."""
    from netmd.rename import plan_merge

    _change(lambda index: plan_merge(index, keep, gone), dry_run)


def _change(planned: Callable[[Any], Any], dry_run: bool) -> None:
    from netmd.edits import apply
    from netmd.index import Index
    from netmd.shown import from_here

    vault = open_vault()
    with Index(vault, progress=progress()) as index:
        index.refresh()
        plan = planned(index)
    for line in plan.listing(from_here(vault.root)):
        click.echo(line)
    if dry_run:
        click.echo("dry run: nothing written", err=True)
        return
    written = apply(vault.root, plan)
    click.echo(f"{len(written)} notes written, {len(plan.removes)} removed", err=True)


def main() -> None:
    from netmd.heap import short_process

    short_process()
    try:
        cli(prog_name="netmd")
    except SystemExit as e:
        code = e.code
    else:
        code = 0
    # Leave without freeing the heap object by object (a second or more for a large vault):
    # every file is closed and every child process joined by now; only the streams remain.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`netmd ls | head`)
        pass
    if code is None:
        code = 0
    elif not isinstance(code, int):  # what sys.exit("message") would do
        print(code, file=sys.stderr, flush=True)
        code = 1
    os._exit(code)
