"""Sentence splitting, placeholder/glossary protection and token bounds: pure functions."""

from __future__ import annotations

import pytest

from l10n.mt.segment import (
    Piece,
    glossary_pattern,
    has_repetition,
    protect,
    restore,
    split_text,
    split_tokens,
)

GLOSSARY = glossary_pattern(["Kim Jong Un", "Kim", "Xi Jinping"])


@pytest.mark.parametrize("text", [
    "One. Two! Three?",
    "  Leading and trailing spaces.  ",
    "Line one.\nLine two.\n\nParagraph two, with Mr. Smith and the U.S. in it.",
    "\n\nOnly after breaks.",
    "",
    "   ",
    "Ünïcödé – “quoted” text… and more.",
])
def test_split_text_gives_the_text_back(text: str) -> None:
    assert "".join(p.text for p in split_text(text, "en")) == text


def test_split_text_finds_sentences_and_keeps_whitespace() -> None:
    pieces = split_text("He came. She went!\n\nThen rain.", "en")
    assert [p.text for p in pieces if p.translate] == ["He came.", "She went!", "Then rain."]
    assert Piece("\n", False) in pieces


def test_split_text_knows_german_abbreviations() -> None:
    sentences = [p.text for p in split_text("Am 3. September z.B. hier. Danach dort.", "de")
                 if p.translate]
    assert sentences[-1] == "Danach dort."


def test_split_text_falls_back_to_english_for_unknown_languages() -> None:
    assert [p.text for p in split_text("A b. C d.", "xx") if p.translate] == ["A b.", "C d."]


def test_protect_replaces_placeholders_and_terms_longest_first() -> None:
    protected = protect("Kim Jong Un met Xi Jinping on {date}, said %(who)s.", GLOSSARY)
    assert protected.text == "ZX0 met ZX1 on ZX2, said ZX3."
    assert protected.spans == ("Kim Jong Un", "Xi Jinping", "{date}", "%(who)s")
    assert protected.kinds == ("glossary", "glossary", "placeholder", "placeholder")


def test_protect_keeps_what_the_markup_check_wants_kept() -> None:
    """Tags, entities, URLs, e-mail addresses, a Markdown link's address and code reach the
    model as sentinels: the draft keeps them as the markup check demands, and a lost one is
    put back and flagged."""
    sentence = ("Read <b>the report</b> at [the site](https://example.org/r?a=1&amp;b=2), "
                "ask press@example.org &amp; Xi Jinping, run `make test`.")
    protected = protect(sentence, GLOSSARY)
    assert protected.text == "Read ZX0 the report ZX1 at [the site]ZX2, ask ZX3 ZX4 ZX5, run ZX6."  # (set apart)
    assert protected.spans == ("<b>", "</b>", "(https://example.org/r?a=1&amp;b=2)", "press@example.org", "&amp;",
                               "Xi Jinping", "`make test`")
    assert protected.kinds == ("markup", "markup", "markup", "markup", "markup", "glossary", "markup")
    assert restore(protected.text, protected) == (sentence, ())
    text, flags = restore("Lisez ZX0 le rapport ZX1 sur [le site]ZX2, ZX4 ZX5, lancez ZX6.", protected)
    assert text == ("Lisez <b>le rapport</b> sur [le site](https://example.org/r?a=1&amp;b=2), &amp; Xi Jinping, "
                    "lancez `make test` press@example.org.")
    assert flags == ("placeholder-lost",)
    assert protect("No markup here: 3 < 4 & 5 > 2.", GLOSSARY).spans == ()


@pytest.mark.parametrize("sentence", [
    "Costs {amount}00 euros, {0}22 times.",  # a digit after a span: not sentinel 000
    "The <b>Xi Jinping</b> visit.",  # spans side by side
    '<a href="https://e.com">https://e.com/p</a> and <a href="mailto:x@y.org">x@y.org</a>.',
    'Click <a href="{url}">here</a> or https://x.com/{slug}/page now.',  # markup holding a placeholder
    "Use `pip install` or [the docs](/reports/2024 \"title\") or [x](<a b>).",
    "A<b>b</b>c and 5<sup>2</sup>0.",
])
def test_a_model_that_copies_gets_every_sentence_back_exactly(sentence: str) -> None:
    protected = protect(sentence, GLOSSARY)
    assert restore(protected.text, protected) == (sentence, ())
    assert "{" not in protected.text and "<" not in protected.text and "`" not in protected.text
    assert "(" not in protected.text or "(/" not in sentence


def test_a_bare_printf_directive_in_text_is_protected_but_a_percent_sign_is_not() -> None:
    protected = protect('Lists read "%d items: buy %s" and %1$s, up 50% since, 100%sure.', GLOSSARY)
    assert protected.spans == ("%d", "%s", "%1$s")


def test_markup_holding_a_placeholder_is_kept_whole() -> None:
    protected = protect('Click <a href="{url}">here</a> at https://x.com/{slug}/page.', GLOSSARY)
    assert protected.spans == ('<a href="{url}">', "</a>", "https://x.com/{slug}/page")
    assert protected.text == "Click ZX0 here ZX1 at ZX2."


def test_sentences_are_not_cut_inside_markup() -> None:
    """pysbd cuts ``cheap<!-- check -->.`` inside the comment; a cut inside what the model
    must copy is taken back."""
    text = "Flights got cheap<!-- check -->. Trains did not (see https://e.org/a. b). Done."
    sentences = [p.text for p in split_text(text, "en") if p.translate]
    assert "".join(p.text for p in split_text(text, "en")) == text
    assert all(s.count("<!--") == s.count("-->") for s in sentences), sentences
    assert sentences[0] == "Flights got cheap<!-- check -->."


def test_protect_matches_whole_words_only() -> None:
    assert protect("Kimberley went home.", GLOSSARY).spans == ()


def test_protect_avoids_a_prefix_that_occurs_in_the_text() -> None:
    protected = protect("The ZX81 was sold on {date}.", GLOSSARY)
    assert protected.prefix != "ZX" and protected.prefix not in "The ZX81 was sold on"
    text, flags = restore(protected.text, protected)
    assert text == "The ZX81 was sold on {date}." and flags == ()


def test_restore_puts_spans_back_wherever_the_model_moved_them() -> None:
    protected = protect("Kim Jong Un arrives on {date}.", GLOSSARY)
    text, flags = restore("Am ZX1 kommt ZX 0 an.", protected)
    assert text == "Am {date} kommt Kim Jong Un an."
    assert flags == ()


def test_restore_reinserts_lost_spans_before_the_final_punctuation_and_flags_them() -> None:
    protected = protect("Kim Jong Un arrives on {date}.", GLOSSARY)
    text, flags = restore("Er kommt an.", protected)
    assert text == "Er kommt an Kim Jong Un {date}."
    assert flags == ("placeholder-lost", "glossary-lost")


def test_restore_flags_only_the_kind_that_was_lost() -> None:
    protected = protect("Published on {date}", GLOSSARY)
    assert restore("Veröffentlicht am", protected) == ("Veröffentlicht am {date}", ("placeholder-lost",))


def test_restore_leaves_unknown_sentinel_numbers_alone() -> None:
    protected = protect("On {date}.", GLOSSARY)
    assert restore("Am ZX0 und ZX7.", protected) == ("Am {date} und ZX7.", ())


def test_split_tokens_keeps_every_token_and_respects_the_bound() -> None:
    tokens = ["▁a", "b", ",", "▁c", "▁d", "e", "▁f", ";", "▁g", "▁h", "i", "j", "k", "l"]
    pieces = split_tokens(tokens, 4)
    assert [t for piece in pieces for t in piece] == tokens
    assert all(0 < len(piece) <= 4 for piece in pieces)
    assert pieces[0] == ["▁a", "b", ","]  # cut after the comma


def test_split_tokens_prefers_word_starts() -> None:
    assert split_tokens(["▁ab", "c", "▁de", "f", "▁gh"], 4) == [["▁ab", "c", "▁de", "f"], ["▁gh"]]
    assert split_tokens(["▁ab", "c", "d", "e", "▁gh", "i"], 3) == [["▁ab", "c", "d"], ["e", "▁gh", "i"]]


def test_split_tokens_short_input_is_one_piece() -> None:
    assert split_tokens(["▁a"], 4) == [["▁a"]]
    assert split_tokens([], 4) == [[]]


def test_repetition_is_a_trigram_four_times() -> None:
    assert has_repetition(["▁a", "▁b", "▁c"] * 4)
    assert not has_repetition(["▁a", "▁b", "▁c"] * 3 + ["▁d"])
    assert has_repetition(["▁x"] * 6)
    assert not has_repetition("▁the ▁cat ▁sat ▁on ▁the ▁mat ▁and ▁the ▁dog ▁sat ▁too".split())


def test_placeholders_are_protected_as_the_placeholder_check_reads_them() -> None:
    from l10n.mt.segment import protect, restore

    protected = protect("Published on {date!r}, {date:%d} and {0}.", None)
    assert protected.spans == ("{date!r}", "{date:%d}", "{0}")
    # Escaped braces are literal text: kept whole, so that they stay escaped ({double}
    # alone would come back as a placeholder the source does not have).
    protected = protect("Use {{double}} braces and {name}.", None)
    assert protected.spans == ("{{double}}", "{name}")
    assert restore(protected.text, protected)[0] == "Use {{double}} braces and {name}."


def test_a_sentence_that_holds_every_sentinel_prefix_gets_one_it_does_not_hold() -> None:
    from l10n.mt.segment import protect, restore

    sentence = "The codes ZX, XQ, QZ, ZQX and ZQXQ0 appear next to {date}."
    protected = protect(sentence, None)
    assert protected.prefix not in sentence.replace("{date}", "")
    assert restore(protected.text, protected) == (sentence, ())


def test_hashtags_and_handles_are_kept_as_markup_is() -> None:
    """The social check's names reach the model as sentinels and come back verbatim; C#
    and a ranking's #1 are words, translated as such."""
    sentence = "Follow @SZ_Muenchen and #TramNord, not C# or the #1 pick."
    protected = protect(sentence, GLOSSARY)
    assert protected.spans == ("@SZ_Muenchen", "#TramNord")
    assert protected.kinds == ("markup", "markup")
    assert restore(protected.text, protected) == (sentence, ())


def test_restore_writes_a_glossary_term_in_the_target_locale_s_form() -> None:
    protected = protect("Kim Jong Un met Xi Jinping on {date}.", GLOSSARY)
    forms = {"Kim Jong Un": "Kim Jong-un", "{date}": "not a glossary span"}
    assert restore("ZX0 a rencontré ZX1 le ZX2.", protected, forms) == (
        "Kim Jong-un a rencontré Xi Jinping le {date}.", ())
    # a lost one is put back in that form too
    assert restore("Rencontre le ZX2.", protected, forms) == (
        "Rencontre le {date} Kim Jong-un Xi Jinping.", ("glossary-lost",))


def test_a_tables_cells_are_translated_each_on_its_own() -> None:
    """Its pipes, an escaped pipe's cell, and the delimiter row kept as they are (before,
    a row was one sentence: "District | Turnout" came back as "Concurrencia | de distrito")."""
    from l10n.mt.segment import split_text

    text = "| District | Turnout |\n| --- | --: |\n| North | 61% |\n| South \\| East | 58% |"
    pieces = split_text(text, "en")
    assert "".join(p.text for p in pieces) == text
    assert [p.text for p in pieces if p.translate] == ["District", "Turnout", "North", "61%", "South \\| East", "58%"]
    assert [p.text for p in split_text("A | B is no table.", "en") if p.translate] == ["A | B is no table."]
