"""merge(): msgmerge's semantics on Catalog values, and the per-entry 3-way merge."""

from __future__ import annotations

from l10n.catalogs.merge import merge
from l10n.catalogs.model import Catalog, Message
from l10n.catalogs.store import merge3


def template(*msgids: str) -> Catalog:
    return Catalog(messages=[Message(msgid=m, references=[f"articles/a.txt:{i}"]) for i, m in enumerate(msgids, 1)])


def po(*entries: Message) -> Catalog:
    return Catalog(headers=[("Language", "de")], messages=list(entries))


OLD = "The parade will take place in Beijing on September 3."
NEW = "The parade will take place in Beijing on 3 September."


def test_new_text_is_untranslated() -> None:
    merged, stats = merge(template("Hello world"), po())
    assert [(m.msgid, m.msgstr, m.fuzzy) for m in merged.messages] == [("Hello world", "", False)]
    assert stats.added == 1


def test_kept_text_keeps_translation_state_and_comments() -> None:
    mine = Message(msgid="Hello", msgstr="Hallo", translator_comments=["checked by Eva"])
    merged, _ = merge(template("Hello"), po(mine))
    (entry,) = merged.messages
    assert (entry.msgstr, entry.fuzzy, entry.translator_comments) == ("Hallo", False, ["checked by Eva"])
    assert entry.references == ["articles/a.txt:1"]


def test_changed_text_keeps_translation_fuzzy_with_previous_msgid_and_the_approved_stays() -> None:
    approved = Message(msgid=OLD, msgstr="Die Parade findet am 3. September in Peking statt.")
    merged, stats = merge(template(NEW), po(approved))
    active, obsolete = merged.active, merged.obsolete
    assert [(m.msgid, m.msgstr, m.fuzzy, m.previous_msgid) for m in active] == [
        (NEW, approved.msgstr, True, OLD)
    ]
    # The approved translation is never dropped: it waits, obsolete, for its text.
    assert [(m.msgid, m.msgstr, m.fuzzy) for m in obsolete] == [(OLD, approved.msgstr, False)]
    assert stats.fuzzy == 1


def test_removed_text_goes_obsolete_and_returns_with_its_translation() -> None:
    approved = Message(msgid="Gone soon", msgstr="Bald weg")
    merged, stats = merge(template("Something else entirely different"), po(approved))
    assert [(m.msgid, m.obsolete) for m in merged.messages] == [
        ("Something else entirely different", False),
        ("Gone soon", True),
    ]
    assert stats.obsoleted == 1
    back, stats = merge(template("Gone soon"), merged)
    assert [(m.msgid, m.msgstr, m.fuzzy, m.obsolete) for m in back.messages] == [("Gone soon", "Bald weg", False, False)]
    assert stats.revived == 1


def test_revert_of_a_changed_text_finds_the_approved_translation_again() -> None:
    approved = Message(msgid=OLD, msgstr="Übersetzung")
    changed, _ = merge(template(NEW), po(approved))
    reverted, _ = merge(template(OLD), changed)
    (entry,) = reverted.active
    assert (entry.msgid, entry.msgstr, entry.fuzzy) == (OLD, "Übersetzung", False)


def test_untranslated_removed_text_is_not_kept() -> None:
    merged, _ = merge(template("B"), po(Message(msgid="A")))
    assert [m.msgid for m in merged.messages] == ["B"]


def test_merge_is_idempotent() -> None:
    first, _ = merge(template(NEW, "Hello"), po(Message(msgid=OLD, msgstr="x")))
    second, stats = merge(template(NEW, "Hello"), first)
    assert second == first
    assert stats.added == stats.fuzzy == stats.obsoleted == 0


def test_three_way_merge_the_translators_entry_wins() -> None:
    base = po(Message(msgid="A"), Message(msgid="B"))
    ours = po(Message(msgid="A", msgstr="machine A", flags=["fuzzy"]), Message(msgid="B", msgstr="machine B", flags=["fuzzy"]))
    theirs = po(Message(msgid="A", msgstr="human A"), Message(msgid="B"))
    merged = merge3(base, ours, theirs)
    assert [(m.msgid, m.msgstr, m.fuzzy) for m in merged.messages] == [("A", "human A", False), ("B", "machine B", True)]


def test_three_way_merge_keeps_entries_only_one_side_added() -> None:
    base = po(Message(msgid="A"))
    ours = po(Message(msgid="A"), Message(msgid="ours"))
    theirs = po(Message(msgid="A"), Message(msgid="theirs", msgstr="T"))
    merged = merge3(base, ours, theirs)
    assert [m.msgid for m in merged.messages] == ["A", "ours", "theirs"]


def test_a_text_turning_plural_keeps_its_translation_in_the_first_form_fuzzy() -> None:
    tmpl = Catalog(messages=[Message(msgid="{n} file", msgid_plural="{n} files")])
    merged, _ = merge(tmpl, po(Message(msgid="{n} file", msgstr="{n} Datei")), nplurals=2)
    (entry,) = merged.active
    assert (entry.msgstr, entry.msgstr_plural, entry.fuzzy) == ("", {0: "{n} Datei", 1: ""}, True)
    back, _ = merge(template("{n} file"), merged)
    (entry,) = back.active
    assert (entry.msgstr, entry.msgstr_plural, entry.msgid_plural) == ("{n} Datei", {}, None)


def test_three_way_merge_merges_header_fields_one_by_one() -> None:
    base = Catalog(headers=[("Language", "de"), ("PO-Revision-Date", "old")], messages=[])
    ours = Catalog(headers=[("Language", "de"), ("PO-Revision-Date", "old"), ("Plural-Forms", "nplurals=2; plural=(n != 1);")], messages=[])
    theirs = Catalog(headers=[("Language", "de"), ("PO-Revision-Date", "new")], messages=[])
    assert merge3(base, ours, theirs).headers == [
        ("Language", "de"), ("PO-Revision-Date", "new"), ("Plural-Forms", "nplurals=2; plural=(n != 1);")
    ]


def test_copy_is_as_deep_as_deepcopy() -> None:
    import copy
    import dataclasses

    from l10n.catalogs.model import Catalog, Message

    message = Message(msgid="a", msgstr="b", msgctxt="c", msgid_plural="d", msgstr_plural={0: "x", 1: "y"},
                      flags=["fuzzy"], translator_comments=["t"], extracted_comments=["e"], references=["r:1"],
                      previous_msgctxt="pc", previous_msgid="pm", previous_msgid_plural="pp", obsolete=True, lineno=7)
    catalog = Catalog(headers=[("A", "b")], header_comments=["h"], header_flags=["fuzzy"], messages=[message])
    clone = catalog.copy()
    assert clone == copy.deepcopy(catalog) and clone.messages[0].lineno == 7
    assert {f.name for f in dataclasses.fields(Message)} == set(vars(clone.messages[0]))
    for name, value in vars(clone.messages[0]).items():
        if isinstance(value, (list, dict)):
            assert value is not getattr(message, name), name
    clone.messages[0].flags.append("x")
    clone.headers.append(("B", "c"))
    assert message.flags == ["fuzzy"] and catalog.headers == [("A", "b")]


def test_the_best_fuzzy_match_is_the_first_of_the_highest_similarity() -> None:
    """msgmerge's similarity (2 x longest common subsequence / total length, at least
    0.6), the first of equal scores winning; checked against a plain dynamic programme."""
    import random

    from l10n.catalogs.merge import FUZZY_THRESHOLD, _best_match

    def similarity(a: str, b: str) -> float:
        row = [0] * (len(b) + 1)
        for ch in a:
            previous, row = row, [0]
            for j, other in enumerate(b, 1):
                row.append(previous[j - 1] + 1 if ch == other else max(previous[j], row[j - 1]))
        return 2 * row[-1] / (len(a) + len(b)) if a or b else 1.0

    def reference(msgid: str, candidates: list[Message]) -> Message | None:
        scores = [similarity(msgid, c.msgid) for c in candidates]
        top = max(scores, default=0.0)
        return candidates[scores.index(top)] if top >= FUZZY_THRESHOLD else None

    tie = [Message(msgid="abcx", msgstr="1"), Message(msgid="xabc", msgstr="2")]  # both 0.75
    assert _best_match("abcd", None, tie) is tie[0] is reference("abcd", tie)
    assert similarity("kitten", "sitting") == 8 / 13  # "ittn" in common

    rng = random.Random(7)
    words = "the river shipping fell low water barges rhine record autumn council tram vote".split()
    for _ in range(300):
        base = " ".join(rng.choice(words) for _ in range(rng.randint(2, 10)))
        pool = []
        for _ in range(rng.randint(0, 10)):
            choice = rng.random()
            if choice < 0.3:
                text = base  # equal scores: the first must win
            elif choice < 0.7:
                parts = base.split()
                parts[rng.randrange(len(parts))] = rng.choice(words)
                text = " ".join(parts + ([rng.choice(words)] if rng.random() < 0.5 else []))
            else:
                text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
            pool.append(Message(msgid=text, msgstr=f"#{len(pool)}"))
        msgid = base + (" (updated)" if rng.random() < 0.5 else "")
        assert _best_match(msgid, None, pool) is reference(msgid, pool), (msgid, [m.msgid for m in pool])


def test_a_draft_whose_source_changed_and_changed_back_has_no_change_to_review() -> None:
    draft = Message(msgid=OLD, msgstr="Die Parade findet am 3. September in Peking statt.", flags=["fuzzy"],
                    translator_comments=["l10n-origin: mt argos en->de 1.0 2026-12-01 src=abc out=def"])
    changed, _ = merge(template(NEW), po(draft))
    assert [(m.msgid, m.fuzzy, m.previous_msgid) for m in changed.active] == [(NEW, True, OLD)]
    back, _ = merge(template(OLD), changed)
    assert [(m.msgid, m.msgstr, m.fuzzy, m.previous_msgid) for m in back.active] == [
        (OLD, draft.msgstr, True, None)]
    assert back.active[0].translator_comments == draft.translator_comments
