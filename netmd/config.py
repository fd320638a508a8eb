"""`netmd.toml`: defaults as data, validated up front, frozen (SPEC §5)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from netmd.errors import ConfigError, NetmdError
from netmd.fsutil import confine, read_existing

CONFIG_NAME = "netmd.toml"
SEVERITIES = ("error", "warning", "info", "off")

DEFAULTS: dict[str, dict[str, Any]] = {
    "vault": {"name": "My network", "owner": "", "week_start": "monday", "ignore": [], "timezone": ""},
    "folders": {
        "contacts": "contacts",
        "organizations": "organizations",
        "meetings": "meetings",
        "pitch": "pitch",
        "opportunities": "opportunities",
        "dashboards": "dashboards",
        "templates": "templates",
    },
    "method": {
        "max_meeting_minutes": 30,
        "thank_you_within_days": 2,
        "weekly_meeting_goal": 5,
        "words_per_minute": 150,
        "cadence_days": {"A": 90, "B": 60, "C": 30},
        "referral_contact_days": 14,
    },
}
# The folder each netmd type lives in by default (SPEC §2): the folder does not decide the type,
# but an unknown or missing type inside one is reported.
TYPE_FOLDERS = {
    "contact": "contacts",
    "organization": "organizations",
    "meeting": "meetings",
    "pitch": "pitch",
    "opportunity": "opportunities",
}


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    vault: Mapping[str, Any] = field(default_factory=lambda: DEFAULTS["vault"])
    folders: Mapping[str, str] = field(default_factory=lambda: DEFAULTS["folders"])
    method: Mapping[str, Any] = field(default_factory=lambda: DEFAULTS["method"])
    lint: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)

    def key(self, netmd: str) -> str:
        """The key the vault writes for netmd's field `netmd`: its own name from `[fields]`
        (`kind` for `type` when `kind = "type"`), so that a message asks for what netmd reads."""
        return min((k for k, v in self.fields.items() if v == netmd), default=netmd)

    @property
    def type_folders(self) -> dict[str, str]:
        """Folder (relative, '/'-separated) → the netmd type expected in it."""
        return {self.folders[folder].strip("/"): t for t, folder in TYPE_FOLDERS.items()}


# Each rule's name and code -> its name: what `[lint]` may set. Asked for only when the file
# has a `[lint]` table; the caller passes the rule catalogue in (config sits below the rules).
RuleKeys = Callable[[], Mapping[str, str]]


def load(path: Path, rule_keys: RuleKeys) -> Config:
    """Read and validate `path`; a missing file means the defaults."""
    if not path.exists():
        return Config()
    shown = str(path)
    try:
        # (a FIFO or a device, or a link out of the vault, is not read: see `fsutil.read_existing`)
        text = (read_existing(confine(path.parent, path, "not read")) or b"").decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(shown, 0, "", "not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        raise ConfigError(shown, int(m.group(1)) if m else 0, "", f"invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(shown, 0, "", f"cannot read: {e.strerror}") from None
    except NetmdError as e:
        raise ConfigError(shown, 0, "", str(e).removeprefix(f"{shown}: ")) from None
    return _validate(data, text, shown, path, rule_keys)


def _validate(data: dict[str, Any], text: str, shown: str, path: Path, rule_keys: RuleKeys) -> Config:
    def fail(section: str, key: str, message: str) -> ConfigError:
        return ConfigError(shown, _line_of(text, section, key), f"{section}.{key}" if key else section, message)

    known = (*DEFAULTS, "lint", "fields")
    for section, table in data.items():
        if section not in known:
            raise fail(section, "", f"unknown section; expected one of {', '.join(known)}")
        if not isinstance(table, dict):
            raise fail(section, "", "must be a table like [" + section + "]")
    merged: dict[str, dict[str, Any]] = {}
    for section, defaults in DEFAULTS.items():
        table = data.get(section, {})
        for key, value in table.items():
            if key not in defaults:
                raise fail(section, key, f"unknown key; expected one of {', '.join(defaults)}")
            if not _same_kind(value, defaults[key]):
                raise fail(section, key, f"expected {_kind(defaults[key])}, found {_kind(value)}")
        merged[section] = {**defaults, **table}
    _check_values(merged, fail)
    lint = _lint_table(data["lint"], fail, rule_keys()) if "lint" in data else {}
    fields = data.get("fields", {})
    from netmd.schema import ALL_FIELDS

    for key, value in fields.items():
        if not key.strip() or key.startswith(OWN):  # (`vault:` is how netmd files a key the vault keeps)
            raise fail("fields", "" if not key.strip() else key, f'"{key}" is not a key your notes can use')
        if not isinstance(value, str):
            raise fail("fields", key, f"expected the name of a netmd field as text, found {_kind(value)}")
        if value not in ALL_FIELDS:
            raise fail(
                "fields", key, f'"{value}" is not a netmd field; expected one of {", ".join(sorted(ALL_FIELDS))}'
            )
    return Config(path, merged["vault"], merged["folders"], merged["method"], lint, shadowed(fields))


OWN = "vault:"  # a key the vault keeps for itself: `[fields]` named another key for that netmd field


def shadowed(fields: Mapping[str, str]) -> dict[str, str]:
    """`[fields]` as the parser applies it: when `kind = "type"` names the vault's `kind:` as netmd's
    `type`, a `type:` the vault also has is its own (kepano's `type: ["[[Authors]]"]`), read as
    `vault:type` and never as netmd's, so the two are not one key written twice."""
    out = dict(fields)
    for netmd in set(fields.values()):
        out.setdefault(netmd, OWN + netmd)
    return out


def _check_values(merged: dict[str, dict[str, Any]], fail: Any) -> None:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if merged["vault"]["week_start"] not in days:
        raise fail("vault", "week_start", f"expected one of {', '.join(days)}")
    if merged["vault"]["timezone"]:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(merged["vault"]["timezone"])
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise fail("vault", "timezone", 'expected a time zone name such as "Europe/Berlin"') from None
    cadence = merged["method"]["cadence_days"]
    for key, value in cadence.items():
        if key not in ("A", "B", "C") or not isinstance(value, int) or value < 1:
            raise fail("method", "cadence_days", "expected { A = days, B = days, C = days } with whole numbers")
    merged["method"]["cadence_days"] = {**DEFAULTS["method"]["cadence_days"], **cadence}
    for key, value in merged["method"].items():
        if isinstance(value, int) and value < 0:
            raise fail("method", key, "must not be negative")
    for key, value in merged["folders"].items():
        if Path(value).is_absolute() or ".." in Path(value).parts:
            raise fail("folders", key, "must be a folder inside the vault")


def _lint_table(table: dict[str, Any], fail: Any, rule_keys: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = rule_keys.get(key)
        if name is None:
            raise fail("lint", key, "unknown rule; `netmd rules` lists them")
        if value not in SEVERITIES:
            raise fail("lint", key, f"unknown severity {value!r}; expected one of {', '.join(SEVERITIES)}")
        out[name] = value
    return out


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return type(value) is type(default)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _kind(value: Any) -> str:
    return {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _line_of(text: str, section: str, key: str) -> int:
    """The line where `key` of `[section]` is set, for the error message (0 if not found)."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip('"')
            if current == section and not key:
                return number
            continue
        m = re.match(r'^"?([^"=]+?)"?\s*=', stripped)
        if m and current == section and m.group(1).strip() == key:
            return number
    return 0
