"""Jinja templates: the built-in ones shipped with netmd, overridden by the vault's own.

Templates run in Jinja's immutable sandbox on plain data (SPEC §6 promise 5): a vault
cloned from someone else cannot run code through a template, nor read a file outside the
vault through one (a linked template is refused). A template error, at compile time or while
it runs, is one message with the template's path and line (exit 1), never a traceback.
"""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netmd.errors import NetmdError
from netmd.fsutil import confine, write_new
from netmd.vault import Vault

NAMES = ("contact", "organization", "meeting", "pitch", "opportunity", "dashboard")
_DICT_ATTRIBUTES = frozenset(dir(dict))  # (`items`, `keys`, ...: what `row.items` means to Jinja)


@functools.cache  # (it does not move while netmd runs: an import renders 10,000 notes, each asked for it)
def builtin_folder() -> Path:
    """The built-in templates: inside the installed package, or `templates/` beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for folder in (here / "templates", here.parent / "templates"):
        if (folder / "dashboard.md.j2").is_file():
            return folder
    raise NetmdError(f"netmd's built-in templates are missing (looked in {here / 'templates'}); reinstall netmd")


def vault_folder(vault: Vault) -> Path:
    return vault.root / str(vault.config.folders["templates"])


def listing(vault: Vault) -> list[tuple[str, str, Path]]:
    """(name, "vault" or "built-in", file) for each template."""
    out = []
    for name in NAMES:
        own = vault_folder(vault) / f"{name}.md.j2"
        out.append((name, "vault", own) if own.is_file() else (name, "built-in", builtin_folder() / f"{name}.md.j2"))
    return out


def copy(vault: Vault, name: str) -> Path:
    """Put the built-in template `name` into the vault's templates folder, to edit; never over a file."""
    target = vault_folder(vault) / f"{name}.md.j2"
    try:
        write_new(target, (builtin_folder() / f"{name}.md.j2").read_bytes(), root=vault.root)
    except FileExistsError:
        raise NetmdError(f"{target} exists already; edit it, or delete it to start again") from None
    return target


def cell(value: Any) -> str:
    """A value for a Markdown table cell: `|` escaped (also inside links), no line breaks."""
    return " ".join(str(value if value is not None else "").split()).replace("|", "\\|")


def link(name: Any) -> str:
    return f"[[{name}]]"


_SHELL_SPECIAL = re.compile(r'["$`\\!\x00-\x1f\x7f]')  # what a shell reads inside double quotes


def shell(value: Any) -> str:
    """A value as one word of a command line to copy into a shell: in double quotes, as people
    write it, when nothing in it is special there; else quoted so that nothing is (a name from
    an imported file may hold `$(...)`)."""
    text = str(value)
    return f'"{text}"' if text and not _SHELL_SPECIAL.search(text) else shlex.quote(text)


def environment(vault: Vault) -> Any:
    """The sandboxed environment for the vault's templates, built once: Jinja keeps compiled
    templates in it and reloads one whose file changed."""
    return _environment(str(vault.root), str(vault_folder(vault)), str(builtin_folder()))


@functools.lru_cache(maxsize=8)
def _environment(root: str, vault_templates: str, builtins: str) -> Any:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(builtins)}),
            _vault_loader(Path(root), vault_templates),
            jinja2.FileSystemLoader(builtins),
        ]
    )

    class Sandbox(ImmutableSandboxedEnvironment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            """`row.key` of plain data: the key at once. Jinja asks for the attribute first and
            takes the key after its AttributeError; the answer is the same, without the exception
            (the dashboard at 10,000 contacts: 90,000 of them, 0.49 -> 0.45 s)."""
            if type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
                return obj[attribute]
            return super().getattr(obj, attribute)

    env = Sandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown: & must stay &
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell=cell, link=link, shell=shell)
    return env


def _vault_loader(root: Path, folder: str) -> Any:
    """Jinja's file loader for the vault's templates, refusing one whose real path leaves the vault
    (a linked template, a template in a linked folder, `{% include %}` of a linked file)."""
    import jinja2
    from jinja2.loaders import split_template_path

    class VaultLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            file = Path(folder, *split_template_path(template))
            if file.is_file():  # (what Jinja asks before reading: a missing one falls back to the built-in)
                confine(root, file, "not read")
            return super().get_source(environment, template)

    return VaultLoader(folder)


def render(vault: Vault, name: str, data: dict[str, Any]) -> str:
    """Render `<name>.md.j2` with plain `data`; any template error becomes a NetmdError."""
    return renderer(vault, name)(data)


def renderer(vault: Vault, name: str) -> Callable[[dict[str, Any]], str]:
    """`render` for many notes from one template (an import): the template is found, confined to
    the vault and compiled once, then only run for each note."""
    try:
        template = environment(vault).get_template(f"{name}.md.j2")
    except Exception as e:
        raise _error(name, e) from None

    def run(data: dict[str, Any]) -> str:
        try:
            return str(template.render(**data))
        except Exception as e:
            raise _error(name, e) from None

    return run


def _error(name: str, e: Exception) -> NetmdError:
    """A template error as one message naming the template file and line."""
    import jinja2

    if isinstance(e, jinja2.TemplateSyntaxError):
        return NetmdError(f"{e.filename or name}:{e.lineno}: template error: {e.message}")
    where = _template_line(e.__traceback__)
    if isinstance(e, jinja2.TemplateNotFound):  # also what a path out of the templates folder gets
        return NetmdError(
            f"{where or f'{name}.md.j2'}: template error: no template {e.name!r} here or among the built-ins"
        )
    if isinstance(e, NetmdError):  # a linked template: named by the message, included from `where`
        return e if where is None else NetmdError(f"{where}: template error: {e}")
    # also what a template does while it runs: {{ 1/0 }}, a type error, a range too big
    return NetmdError(f"{where or f'{name}.md.j2'}: template error: {str(e) or type(e).__name__}")


def _template_line(tb: Any) -> str | None:
    """The template file and line a rendering error came from (Jinja rewrites tracebacks so
    template frames carry the template's name and line)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
