"""The front-matter loader and date reader, on the shapes volunteers write."""

from __future__ import annotations

import datetime as dt

import pytest
from csnet.dates import build_date, parse_date
from csnet.frontmatter import parse, split

from tests.helpers import TESTS

#: the network's plan, frozen (tests/roots/test-seed-plan)
SEED = TESTS / "roots" / "test-seed-plan" / "plan.md"


def test_seed_plan_reads_despite_tabs_before_comments():
    front = parse(SEED.read_text("utf-8"))
    assert front.problems == []
    assert len(front.data["objectives"]) == 16
    assert front.data["redirect_from"] == ["/our-plan", "/business-plan",
                                           "/publication/business-plan"]
    # the impossible date is kept as written, at its real line in the file
    line = front.line("objectives", 3, "milestones", 0, "date")
    source_line = SEED.read_text("utf-8").split("\n")[line - 1]
    assert "2022-06-31" in source_line
    assert front.data["objectives"][3]["milestones"][0]["date"] == "2022-06-31"


def test_lines_point_at_keys_and_items():
    text = "---\ntitle: T\nlist:\n- a\n- b: 1\n---\nbody\n"
    front = parse(text)
    assert front.line("title") == 2
    assert front.line("list", 1, "b") == 5
    assert front.line("list", 7) == 3  # unknown index: nearest parent
    assert front.length == 6


def test_broken_yaml_is_reported_and_simple_keys_survive():
    front = parse("---\ntitle: Kept\nlist: [unclosed\nauthor: 'Also kept'\n---\n")
    assert [line for line, _ in front.problems] == [3]
    assert "'[' opened on this line is never closed" in front.problems[0].message
    # nothing is lost: a value YAML cannot read is kept as the text written
    assert front.data == {"title": "Kept", "list": "[unclosed", "author": "Also kept"}


def test_no_front_matter():
    assert split("# Just a page\n") == (None, 0)
    assert parse("# Just a page\n").data == {}


@pytest.mark.parametrize(
    ("value", "expected", "problem"),
    [
        ("2021-11-15", dt.date(2021, 11, 15), None),
        ("2021-11-15T00:00:00.00Z", dt.date(2021, 11, 15), None),
        ("2021-11-15 10:30:00 +0100", dt.date(2021, 11, 15), None),
        (dt.date(2019, 1, 3), dt.date(2019, 1, 3), None),
        (dt.datetime(2019, 1, 3, 9, tzinfo=dt.UTC), dt.date(2019, 1, 3), None),
        ("2022-06-31", None, "June 2022 has 30 days"),
        ("2018-25-08", None, "write 2018-08-25"),
        ("2022-07-05T00:00:00.00ZT16:33:53.530Z", dt.date(2022, 7, 5), "unexpected text"),
        ("next spring", None, "is not a date"),
    ],
)
def test_dates(value, expected, problem):
    parsed, message = parse_date(value)
    assert parsed.date == expected
    assert (message is None) if problem is None else (problem in message)


def test_missing_date_is_not_an_error():
    assert parse_date(None) == (None, None)
    assert parse_date("  ") == (None, None)


def test_impossible_date_sorts_near_its_month_and_shows_as_written():
    bad, _ = parse_date("2022-06-31")
    good, _ = parse_date("2022-07-01")
    earlier, _ = parse_date("2022-06-01")
    assert earlier.sort_key < bad.sort_key < good.sort_key
    assert bad.month_year() == "2022-06-31"
    assert good.month_year() == "July 2022" and good.long() == "1 July 2022"


def test_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")  # 2022-01-01T00:00Z
    assert build_date() == dt.date(2022, 1, 1)
    assert build_date("2023-05-06") == dt.date(2023, 5, 6)
    with pytest.raises(ValueError, match="plan_as_of .* no month 13"):
        build_date("2023-13-01")


def test_parsing_keeps_no_yaml_nodes_alive():
    """Every page is parsed once per build: nodes kept after parsing grow memory with pages."""
    import gc

    import yaml

    for day in range(1, 21):
        parse(f"---\ntitle: Post {day}\ndate: 2021-01-{day:02}\ntags: [a, b]\n---\nBody\n")
    gc.collect()
    assert not [node for node in gc.get_objects() if isinstance(node, yaml.Node)]
