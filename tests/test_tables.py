"""Markdown pipe tables: read, kept as one canonical text, parsed back (l10n/tables.py)."""

from __future__ import annotations

from l10n import tables


def test_a_table_is_kept_in_a_canonical_form() -> None:
    lines = ["|District|  Turnout  |", "|:---|---:|", "| North|61%|", "South | 58% "]
    assert tables.starts_table(lines[0], lines[1])
    assert tables.canonical(lines) == "| District | Turnout |\n| :-- | --: |\n| North | 61% |\n| South | 58% |"


def test_parse_reads_cells_alignment_and_escaped_pipes() -> None:
    table = tables.parse("| a | b | c |\n| :-: | --- | --: |\n| x \\| y | | z |")
    assert table is not None
    assert table.header == ("a", "b", "c") and table.align == ("center", "", "right")
    assert table.rows == (("x \\| y", "", "z"),) and table.shape == (3, 3)


def test_what_is_no_table() -> None:
    assert not tables.starts_table("| a | b |", "| --- |")  # (cells and delimiters differ)
    assert not tables.starts_table("a sentence", "| --- |")
    assert not tables.starts_table("| a | b |", "not a delimiter row")
    assert tables.parse("| a | b |") is None  # (no delimiter row)
    assert tables.parse("| a | b |\n| --- | --- |\nno pipe here") is None
    assert tables.parse("Plain text\nover two lines") is None
    assert not tables.looks_like_table("One line | with a pipe")


def test_a_markdown_article_reads_a_table_as_one_unit_even_right_after_a_paragraph() -> None:
    from l10n.articles import parse

    text = ("---\ntitle: Results\n---\n\n# Results\n\nThe results:\n| a | b |\n|---|---|\n| 1 | 2 |\n"
            "After the table.\n\n| Not | a table |\nno delimiter row under it.\n")
    units = [(u.kind, u.text) for u in parse(text, "x", "x.md", "md", "x.md").units]
    assert units == [("title", "Results"), ("heading1", "Results"), ("paragraph", "The results:"),
                     ("table", "| a | b |\n| --- | --- |\n| 1 | 2 |"), ("paragraph", "After the table."),
                     ("paragraph", "| Not | a table | no delimiter row under it.")]
