"""French typography at render time: the no-break spaces of the site's one rule, in text only.

The rule (casebook.base.text.fr_typo, also used for the interface strings and the references): a narrow
no-break space (U+202F) before ; ? !, a no-break space (U+00A0) before : and inside « ». Written spaces become
no-break ones; none is added before ; : ? ! where the writer put none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from casebook.base.text import fr_typo
from casebook.content.typography import french_html

NB, NNB = "\u00a0", "\u202f"
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("text", "expected"), [
    ("Titre : sous-titre", f"Titre{NB}: sous-titre"),
    ("un ; deux", f"un{NNB}; deux"),
    ("Pourquoi ? Parce que !", f"Pourquoi{NNB}? Parce que{NNB}!"),
    ("« résident au centre » ;", f"«{NB}résident au centre{NB}»{NNB};"),
    ("«villages relais»", f"«{NB}villages relais{NB}»"),  # inside guillemets a missing space is added
    ("Quoi ?!", f"Quoi{NNB}?!"),
    ("deux espaces  :", f"deux espaces{NB}:"),  # one no-break space for the blanks typed
    ("à 10:30? oui", "à 10:30? oui"),  # a time, and a ? written without a space, stay as they are
    ("voir http://example.org/a?b=1&c=d : fin", f"voir http://example.org/a?b=1&c=d{NB}: fin"),
    (f"déjà{NB}: fait", f"déjà{NB}: fait"),  # already right: unchanged
    (f"mal{NB}; placé", f"mal{NNB}; placé"),  # a wide space before ; becomes the narrow one of the rule
])
def test_the_rule_on_plain_text(text: str, expected: str) -> None:
    assert fr_typo(text) == expected
    assert french_html(text) == expected, "the HTML version applies the same rule to text"


def test_tags_attributes_comments_and_code_are_left_alone() -> None:
    html = ('<p title="Note : voir ; ici ?">Une note : <a href="https://example.org/x?y=1#z" aria-label="lien : ici">'
            'https://example.org/x?y=1</a> ; <code>a : b ; c ?</code> fin !</p>'
            '<!-- commentaire : ici ? --><pre><code class="language-yaml">cle : valeur ; x ?\n</code></pre>'
            '<kbd>Ctrl :</kbd> <script>var a = "x : y";</script>')
    out = french_html(html)
    assert re.sub("[\u00a0\u202f]", " ", out) == html, "only spaces change"
    assert out.count(NB) + out.count(NNB) == 3  # "note :", "</a> ;", "fin !"
    assert f"Une note{NB}: <a" in out and f"</a>{NNB}; <code>" in out and f"fin{NNB}!</p>" in out
    for kept in ('title="Note : voir ; ici ?"', 'aria-label="lien : ici"', "<code>a : b ; c ?</code>",
                 "<!-- commentaire : ici ? -->", "cle : valeur ; x ?", "<kbd>Ctrl :</kbd>", 'var a = "x : y";'):
        assert kept in out


def test_text_around_tags_gets_the_rule() -> None:
    # A citation ends a sentence before a colon; an emphasised word inside guillemets.
    out = french_html('<span class="cb-cite">(<a href="#ref-x">Baril, 2025</a>)</span> : suite. « <em>mot</em> »')
    assert f"</span>{NB}: suite" in out and f"«{NB}<em>mot</em>{NB}»" in out


def test_nothing_to_do_gives_the_same_string() -> None:
    text = "<p>Un texte sans ponctuation double</p>"
    assert french_html(text) is text


def test_every_french_case_text_ends_with_no_breaking_space_before_the_marks() -> None:
    """On the real texts: after the rule, no ordinary space stands before ; : ? ! » or after « in any French text."""
    texts: list[str] = []

    def walk(data: object) -> None:
        if isinstance(data, dict):
            if isinstance(data.get("fr"), str):
                texts.append(data["fr"])
            for value in data.values():
                walk(value)
        elif isinstance(data, list):
            for value in data:
                walk(value)

    for path in sorted((ROOT / "cases").glob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    before = sum(len(re.findall(r" [;:?!»]|« ", t)) for t in texts)
    assert before > 100, "the case texts are written with ordinary spaces"
    after = [t for t in (french_html(t) for t in texts) if re.search(r" [;:?!»]|« ", t)]
    assert after == []
