"""A new site (``casebook new site DIR``): the files of ``casebook/templates/site/``, rendered for the site's name and
languages, written into an empty folder.

Every file is rendered before anything is written, so a refused or failed scaffold leaves nothing behind. Texts are
written as YAML with :func:`json.dumps` quoting (a name with ``:`` or ``#`` stays one string).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..base.i18n import language_errors
from ..base.ui import strings_yaml, tr

TEMPLATES = ("templates", "site")
# Pages written once per language: the first language's at their path, each other's under <code>/.
PER_LANGUAGE = ("docs/index.md",)
SHIPPED = ("fr", "en")  # the languages whose interface strings, APA terms and placeholder texts Casebook has


class ScaffoldError(Exception):
    """The site cannot be made (a folder that is not empty, a bad language list): the message says what to do."""


@dataclass(frozen=True)
class SiteFile:
    path: str  # relative to the new site's folder, with /
    text: str


def parse_languages(value: str) -> tuple[str, ...]:
    """``"en,fr"`` → ``("en", "fr")``; a bad list raises :class:`ScaffoldError` naming the option."""
    codes = tuple(code.strip() for code in value.split(",") if code.strip())
    if not codes:
        raise ScaffoldError("--languages: give at least one language code, e.g. --languages en or --languages fr,en")
    problems = language_errors(list(codes))
    if problems:
        raise ScaffoldError("--languages: " + "; ".join(problems))
    return codes


def _yaml(value: object) -> str:
    """A YAML scalar: JSON's quoting is valid YAML and keeps every character as written."""
    return json.dumps(str(value), ensure_ascii=False)


def _environment(languages: Sequence[str]) -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)

    def texts(**by_lang: str) -> list[str]:
        # a language Casebook has no placeholder text for gets the English one, to translate
        return [by_lang.get(lang, by_lang["en"]) for lang in languages]

    def loc(at: int = 0, **by_lang: str) -> str:
        """A localized text in the site's languages, first language first, for the value of a key indented by ``at``:
        a flow mapping on the key's line when short, else a block mapping below it."""
        pairs = [(lang, _yaml(text)) for lang, text in zip(languages, texts(**by_lang), strict=True)]
        flow = "{" + ", ".join(f"{lang}: {text}" for lang, text in pairs) + "}"
        if len(flow) + at <= 100:
            return flow
        return "".join(f"\n{' ' * (at + 2)}{lang}: {text}" for lang, text in pairs)

    def ui(lang: str, key: str) -> str:
        return tr(lang if lang in SHIPPED else "en", key)

    env.filters["yaml"] = _yaml
    env.globals.update(loc=loc, tr=ui, prefix=lambda lang: "" if lang == languages[0] else f"{lang}/",
                       joined=lambda **by_lang: " / ".join(dict.fromkeys(texts(**by_lang))),
                       language_name=lambda lang: tr(lang, "language_name") if lang in SHIPPED else lang)
    return env


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            found += _walk(item, f"{prefix}{item.name}/")
        else:
            found.append((prefix + item.name, item.read_text(encoding="utf-8")))
    return found


def _tidy(text: str) -> str:
    """No spaces at the ends of lines (left where a key's value goes on the lines below it)."""
    return re.sub(r"[ \t]+$", "", text, flags=re.M)


def default_model_text() -> str | None:
    """The packaged default model (this site's), if this version of Casebook has one."""
    model = resources.files("casebook").joinpath("model", "default.yml")
    return model.read_text(encoding="utf-8") if model.is_file() else None


def strings_file(lang: str) -> str:
    """A strings file for a language Casebook has no strings for: the English ones, to translate."""
    english = strings_yaml("en")
    english = re.sub(r"^language_name: .*$", f"language_name: {lang}", english, flags=re.M)
    english = re.sub(r"^og_locale: .*$", f"og_locale: {lang}", english, flags=re.M)
    return (f"# The interface strings in '{lang}': Casebook's English strings, to translate, every one.\n"
            f"# language_name is the language's name in the switcher (in the language itself); og_locale its locale\n"
            f"# for sharing (e.g. es_ES).\n" + english)


def _in_languages(value: Any, languages: Sequence[str]) -> Any:
    """Every text of the model ({fr: …, en: …}) in the site's languages; one Casebook has no text for gets the English."""
    if isinstance(value, dict):
        if value and set(value) <= set(SHIPPED) and all(isinstance(v, str) for v in value.values()):
            return {lang: value.get(lang, value.get("en", next(iter(value.values())))) for lang in languages}
        return {k: _in_languages(v, languages) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_languages(v, languages) for v in value]
    return value


def model_in(text: str, languages: Sequence[str]) -> str:
    """The packaged model with its labels, help and examples in ``languages`` (its comments are not kept)."""
    data = _in_languages(yaml.safe_load(text), languages)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=115, default_flow_style=None)


def site_files(name: str, languages: Sequence[str]) -> list[SiteFile]:
    """The files of a new site called ``name`` in ``languages`` (the first at the root), ready to write."""
    env = _environment(languages)
    model = default_model_text()
    extra_strings = [lang for lang in languages if lang not in SHIPPED]
    context = {"name": name, "languages": list(languages),
               "model_file": model is not None, "extra_strings": extra_strings,
               "facet_schemes": ["sector", "level", "collaboration-type"]}
    out: list[SiteFile] = []
    for path, source in _walk(resources.files("casebook").joinpath(*TEMPLATES)):
        template = env.from_string(source)
        if path in PER_LANGUAGE:
            folder, _, file = path.rpartition("/")
            for lang in languages:
                where = f"{folder}/{'' if lang == languages[0] else lang + '/'}{file}"
                out.append(SiteFile(where, _tidy(template.render(context, lang=lang))))
        else:
            out.append(SiteFile(path, _tidy(template.render(context))))
    out += [SiteFile(f"strings/{lang}.yml", strings_file(lang)) for lang in extra_strings]
    if model is not None:
        body = re.sub(r"\A(#[^\n]*\n)+", "", model)  # the packaged file's own header speaks of Casebook's site
        if tuple(languages) != SHIPPED:
            body = model_in(body, languages)
        out.append(SiteFile("casebook.yml", "# The case model of this site: the fields of a case (type, labels, help, required,\n"
                                            "# place on the case page), the parts of the case page and its fact box.\n"
                                            "# It starts as a copy of Casebook's own model (case studies of public-sector\n"
                                            "# collaboration): remove the fields your research does not use, add yours. Casebook's\n"
                                            "# contribute guide documents the format; `casebook validate` checks it.\n" + body))
    return out


def write_site(folder: Path, name: str, languages: Sequence[str]) -> list[Path]:
    """Write a new site into ``folder`` (made if missing); refuses a folder that is not empty, writing nothing."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder}: is a file, not a folder: give the path of a new or empty folder")
    if folder.is_dir():
        entries = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
        if entries:
            shown = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5 else "")
            raise ScaffoldError(f"{folder.resolve()}: not empty (it holds {shown}); nothing was written: give a new or "
                                "empty folder, e.g. `casebook new site my-casebook`")
    files = site_files(name, languages)
    written = []
    for f in files:
        target = folder / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.text, encoding="utf-8")
        written.append(target)
    return written
