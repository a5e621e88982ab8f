"""APA 7 in French and English. Expected strings are written from the APA 7 rules, not copied from output."""

from __future__ import annotations

import textwrap

import pytest

from casebook.base.text import fr_typo
from casebook.bibliography.apa import APA
from casebook.bibliography.model import Bibliography, parse_bibtex
from casebook.content.citations import CitationState
from casebook.content.markup import TextRenderer

BIB = textwrap.dedent("""\
    @article{jaspers2019,
      author = {Jaspers, Sylke and Steen, Trui},
      title = {Realizing public values: enhancement or obstruction?},
      journal = {Public Management Review},
      volume = {21}, number = {4}, pages = {606--627},
      year = {2019}, langid = {english}}
    @book{moore1995,
      author = {Moore, Mark H.}, title = {Creating public value}, publisher = {Harvard University Press},
      year = {1995}, langid = {english}, transtitle = {Créer de la valeur publique}}
    @incollection{bentayeb2021,
      author = {Bentayeb, Naïma and Goyette, Martin},
      title = {Choisir de collaborer ou y être obligé : deux cas},
      editor = {Boudreau, Christian and Bazinet, André},
      booktitle = {La collaboration interorganisationnelle},
      pages = {183--200}, publisher = {Presses de l'Université du Québec}, year = {2021}, langid = {french},
      transtitle = {Choosing to collaborate or being obliged to}}
    @phdthesis{baril2025,
      author = {Baril, Geneviève}, title = {La coproduction des services publics},
      school = {École nationale d'administration publique}, year = {2025}, langid = {french}}
    @report{omhm2018a, author = {{Office municipal d'habitation de Montréal}}, year = {2018}, langid = {french}, incomplete = {title}}
    @report{omhm2018b, author = {{Office municipal d'habitation de Montréal}}, year = {2018}, langid = {french}, incomplete = {title}}
    @misc{page2018, author = {Page, S. and Stone, M. and Bryson, J. and Crosby, B.}, year = {2018}, langid = {english}}
    @misc{page2018b, author = {Page, S. and Smith, R. and Bryson, J.}, year = {2018}, langid = {english}}
    @misc{nodate, author = {Écuyer, René}, title = {Sans date}, langid = {french}}
    @online{loi, title = {Loi sur la Société d'habitation du Québec}, year = {1967}, url = {https://www.legisquebec.gouv.qc.ca/fr/document/lc/s-8}, langid = {french}}
    """)


def apa() -> APA:
    refs, diags = parse_bibtex(BIB, "t.bib")
    assert diags == []
    return APA(Bibliography({r.key: r for r in refs}))


def test_article_english() -> None:
    assert str(apa().reference("jaspers2019", "en")) == (
        # APA 7 §6.17: sentence case capitalises the first word after a colon.
        "Jaspers, S., &amp; Steen, T. (2019). Realizing public values: Enhancement or obstruction?. "
        "<i>Public Management Review</i>, <i>21</i>(4), 606–627."
    ).replace("obstruction?.", "obstruction?")


def test_article_french_uses_et() -> None:
    assert str(apa().reference("jaspers2019", "fr")).startswith("Jaspers, S. et Steen, T. (2019).")


def test_chapter_in_edited_book_french_and_english() -> None:
    a = apa()
    nb = "\u00a0"
    assert str(a.reference("bentayeb2021", "fr")) == (
        f"Bentayeb, N. et Goyette, M. (2021). Choisir de collaborer ou y être obligé{nb}: deux cas. "
        "Dans C. Boudreau et A. Bazinet (dir.), <i>La collaboration interorganisationnelle</i> (p. 183–200). "
        "Presses de l&#39;Université du Québec."
    )
    en = str(a.reference("bentayeb2021", "en"))
    # A French title on an English page: original title, marked as French, then its translation in brackets (in the
    # page's language); "Eds." and "pp."; the book's title is French too.
    assert (f'<span lang="fr">Choisir de collaborer ou y être obligé{nb}: deux cas</span> [Choosing to collaborate or '
            "being obliged to]. In C. Boudreau &amp; A. Bazinet (Eds.), "
            '<i lang="fr">La collaboration interorganisationnelle</i> (pp. 183–200)') in en


def test_book_english_title_not_translated_on_english_page_but_on_french_page() -> None:
    a = apa()
    assert str(a.reference("moore1995", "en")) == "Moore, M. H. (1995). <i>Creating public value</i>. Harvard University Press."
    # on the French page, the English title is marked as English; its translation is the page's
    assert '<i lang="en">Creating public value</i> [Créer de la valeur publique].' in str(a.reference("moore1995", "fr"))


def test_thesis() -> None:
    assert str(apa().reference("baril2025", "fr")) == (
        "Baril, G. (2025). <i>La coproduction des services publics</i> "
        "[Thèse de doctorat, École nationale d&#39;administration publique]."
    )
    assert "[Doctoral dissertation, École" in str(apa().reference("baril2025", "en"))


def test_year_suffixes_for_same_author_and_year() -> None:
    a = apa()
    assert a.year(a.bib.refs["omhm2018a"], "fr") == "2018a"
    assert a.year(a.bib.refs["omhm2018b"], "fr") == "2018b"


def test_no_date_terms() -> None:
    a = apa()
    assert a.year(a.bib.refs["nodate"], "fr") == "s.\u00a0d."
    assert a.year(a.bib.refs["nodate"], "en") == "n.d."


def test_et_al_and_disambiguation_of_colliding_short_forms() -> None:
    a = apa()
    # Both would be "Page et al., 2018": APA adds names until they differ.
    names, year = a.cite_text(type("I", (), {"key": "page2018", "locator": ""})(), "en")  # type: ignore[arg-type]
    assert (names, year) == ("Page, Stone, et al.", "2018")
    names, _ = a.cite_text(type("I", (), {"key": "page2018b", "locator": ""})(), "en")  # type: ignore[arg-type]
    assert names == "Page, Smith, et al."


def test_incomplete_entry_is_marked_discreetly() -> None:
    html = str(apa().reference("omhm2018a", "fr"))
    assert 'class="cb-incomplete"' in html and "titre" in html


def test_accent_aware_order() -> None:
    keys = apa().sorted_keys(["page2018", "nodate", "baril2025", "jaspers2019"])
    assert keys == ["baril2025", "nodate", "jaspers2019", "page2018"]  # Écuyer sorts with E


def test_french_typography() -> None:
    # the site's one rule: U+202F before ; ? !, U+00A0 before : and inside « » (tests/test_typography.py)
    assert fr_typo("Titre : sous-titre ; « citation » ?") == "Titre\u00a0: sous-titre\u202f; «\u00a0citation\u00a0»\u202f?"


def render(text: str, lang: str) -> tuple[str, CitationState]:
    state = CitationState(apa=apa(), lang=lang)
    return str(TextRenderer(state).block(text)), state


def test_citation_forms() -> None:
    html, state = render("A [@jaspers2019, p. 12]. B @moore1995 said. C [-@moore1995]. D [@moore1995; @jaspers2019].", "en")
    assert '(<a class="cb-cite__link" href="#ref-jaspers2019">Jaspers &amp; Steen, 2019, p. 12</a>)' in html
    assert '<a class="cb-cite__link" href="#ref-moore1995">Moore (1995)</a>' in html
    assert '(<a class="cb-cite__link" href="#ref-moore1995">1995</a>)' in html
    # Several works in one parenthesis are ordered alphabetically.
    assert html.index("Jaspers &amp; Steen, 2019</a>; <a") < html.index(">Moore, 1995</a>)")
    assert state.unknown == []


def test_french_narrative_uses_et() -> None:
    html, _ = render("Selon @jaspers2019, oui.", "fr")
    assert ">Jaspers et Steen (2019)</a>" in html


def test_code_is_left_alone_and_unknown_keys_reported() -> None:
    html, state = render("Code `[@moore1995]` and [@ghost2000].\n\n    [@moore1995] in a block\n", "en")
    assert "<code>[@moore1995]</code>" in html
    assert state.unknown == ["ghost2000"]
    assert "[@" not in html.replace("<code>[@moore1995]</code>", "").replace("[@moore1995] in a block", "")


def test_email_is_not_a_citation() -> None:
    html, state = render("Write to someone@moore1995.org please", "en")
    assert "cb-cite" not in html and state.cited == []


def test_untrusted_markdown_is_inert() -> None:
    html, _ = render('<script>alert(1)</script> [x](javascript:alert(1)) ![i](data:image/png;base64,AA) <img src=x onerror=alert(1)>', "en")
    assert "<script" not in html and "<img" not in html and "javascript:" not in html and "data:image" not in html
    assert "&lt;script&gt;" in html


def test_duplicate_and_malformed_bibtex_are_located() -> None:
    text = "@book{a, title={x}, year={2000}, langid={english}}\n\n@book{a, title={y}, langid={english}}\n@article{broken,\n  title = {oops\n"
    _, diags = parse_bibtex(text, "b.bib")
    msgs = [d.format() for d in diags]
    assert "b.bib:3:1: a: duplicate key 'a'" in msgs
    assert any(m.startswith("b.bib:4:1: broken: malformed BibTeX entry") for m in msgs)


def test_latex_in_bibtex_is_decoded_to_text_not_markup() -> None:
    refs, _ = parse_bibtex("@misc{x, title = {Caf\\'e \\textbf{gras} <b>x</b>}, langid={french}}", "b.bib")
    html = str(APA(Bibliography({r.key: r for r in refs})).reference("x", "fr"))
    assert "Café gras &lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html


def test_latex_link_command_ends_in_a_located_error() -> None:
    refs, diags = parse_bibtex("@misc{x, title = {a \\href{javascript:alert(1)}{clic}}, langid={french}}", "b.bib")
    assert refs == []
    assert diags[0].format().startswith("b.bib:1:1: x.title: cannot decode the LaTeX of 'title'")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_source_that_names_one_author_and_others(lang: str) -> None:
    """"Zhu et al. (2019)" is all the seed gives: a lone family name, then et al., without a comma; with initials,
    the comma that follows them stays."""
    refs, diags = parse_bibtex("@misc{zhu2019, author = {Zhu and others}, year = {2019}, langid = {english}}\n"
                               "@misc{roy2013, author = {Roy, Marie and others}, year = {2013}, langid = {french}}", "t.bib")
    assert diags == []
    apa_ = APA(Bibliography({r.key: r for r in refs}))
    assert str(apa_.reference("zhu2019", lang)).startswith("Zhu et al. (2019).")
    assert str(apa_.reference("roy2013", lang)).startswith("Roy, M., et al. (2013).")


def test_a_work_s_language_is_its_langid_or_its_language_field_and_a_bad_one_is_located() -> None:
    text = textwrap.dedent("""\
        @book{a, author = {A, B}, title = {T}, year = {2020}, publisher = {P}, langid = {ngerman}}
        @book{b, author = {A, B}, title = {T}, year = {2020}, publisher = {P}, language = {Spanish}}
        @book{c, author = {A, B}, title = {T}, year = {2020}, publisher = {P}, langid = {pt-BR}}

        @book{d, author = {A, B}, title = {T}, year = {2020}, publisher = {P}, langid = {englsh}}
        @book{e, author = {A, B}, title = {T}, year = {2020}, publisher = {P}}
        """)
    refs, diags = parse_bibtex(text, "b.bib")
    assert {r.key: r.lang for r in refs} == {"a": "de", "b": "es", "c": "pt", "d": "", "e": ""}
    assert [d.format().splitlines()[0] for d in diags] == [
        "b.bib:5:1: d: langid 'englsh' names no language", "b.bib:6:1: e: langid is missing"]
    assert all("langid = {english}, {french}, {spanish}" in d.hint for d in diags)
