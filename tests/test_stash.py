"""Page bodies held compressed between their conversion and their rendering come back unchanged."""

from __future__ import annotations

from types import SimpleNamespace

from casebook.mkdocs.stash import MIN_CHARS, ContentStash


def test_a_long_body_is_held_compressed_and_comes_back_the_same() -> None:
    stash = ContentStash()
    html = "<p>Café\u202f: ↩ 𝄞 \ud800 " + "x" * MIN_CHARS + "</p>"  # a narrow no-break space, an astral and a lone surrogate
    marker = stash.put("cases/a/", html)
    assert marker != html and len(marker) < 100 and len(stash) == 1
    page = SimpleNamespace(url="cases/a/", content=marker)
    stash.restore(page)
    assert page.content == html and len(stash) == 0
    stash.restore(page)  # a second restore changes nothing
    assert page.content == html


def test_a_short_body_is_kept_as_it_is() -> None:
    stash = ContentStash()
    assert stash.put("a/", "<p>short</p>") == "<p>short</p>" and len(stash) == 0


def test_a_body_another_plugin_replaced_is_left_alone_and_one_it_added_to_is_put_back_in_place() -> None:
    stash = ContentStash()
    first = stash.put("a/", "a" * MIN_CHARS)
    second = stash.put("b/", "b" * MIN_CHARS)
    assert first != second
    page = SimpleNamespace(url="a/", content="<p>written by another plugin</p>")
    stash.restore(page)
    assert page.content == "<p>written by another plugin</p>" and len(stash) == 1
    other = SimpleNamespace(url="b/", content=f"<p>before</p>{second}<p>after</p>")
    stash.restore(other)
    assert other.content == "<p>before</p>" + "b" * MIN_CHARS + "<p>after</p>" and len(stash) == 0
