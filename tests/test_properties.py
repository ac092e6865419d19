"""Property-based tests: no text a volunteer can save makes the loader, the date reader or
the plan model raise; valid YAML reads as YAML reads it; every line reported is in the block."""

from __future__ import annotations

import datetime as dt
import os

import yaml
from csnet.dates import YEARS, parse_date
from csnet.frontmatter import parse
from csnet.plan.reader import read_plan
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

#: modest in CI; CSNET_EXAMPLES=2000 for a thorough local run
FAST = settings(max_examples=int(os.environ.get("CSNET_EXAMPLES", "50")), deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow])
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}

keys = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(lambda k: k not in RESERVED)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl",
                                                                             "Zp")), max_size=30))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=20)
documents = st.dictionaries(keys, values, min_size=1, max_size=6)

#: the characters volunteers' mistakes are made of
pieces = st.sampled_from(["- ", "  ", "\t", ":", ": ", '"', "'", "\u201c", "\u00a0", "\u2028",
                          "\r", "\n", "#", "[", "]", "{", "}", "&a ", "*a", "!!bool", "!!binary",
                          "? ", "objective: x", "milestones:", "date: 2022-02-30", "\x0c", ","])
noise = st.lists(pieces, max_size=40).map("".join)

PLAN = """\
layout: business-plan
title: "Plan"
objectives:
- objective: "One"
  milestones:
  - milestone: "First"
    date: 2022-01-31
    complete: true
  - milestone: "Second"
    date: 2022-02-28
- objective: "Two"
  team:
  - name: "Sam"
  milestones:
  - milestone: "Third"
    date: 2023-01-01
redirect_from:
- /old
"""


def lines_are_in_the_block(front) -> None:
    for line, _ in front.problems:
        assert 1 <= line <= max(front.length, 1)
    for line in front.lines.values():
        assert 2 <= line < front.length
    for pieces in front.unreadable.values():
        for piece in pieces:
            assert 2 <= piece.line < front.length and 1 <= piece.error_line <= front.length


@FAST
@given(documents)
def test_valid_yaml_reads_as_yaml_reads_it(data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    front = parse(f"---\n{text}---\nBody\n")
    assert front.problems == []
    assert front.data == yaml.safe_load(text)
    lines_are_in_the_block(front)


@FAST
@given(st.text(max_size=300))
def test_any_text_is_read_without_raising(text):
    front = parse(f"---\n{text}\n---\n")
    lines_are_in_the_block(front)
    read_plan(front, "plan", "Plan")


@FAST
@given(st.integers(0, len(PLAN.split("\n")) - 1), noise, st.booleans())
def test_a_mistake_in_a_plan_never_raises_and_lines_stay_in_the_block(number, mistake,
                                                                       replace):
    lines = PLAN.split("\n")
    lines[number] = mistake if replace else lines[number] + mistake
    front = parse("---\n" + "\n".join(lines) + "\n---\nBody\n")
    lines_are_in_the_block(front)
    plan, problems = read_plan(front, "plan", "Plan")
    for problem in problems:
        assert 1 <= problem.line <= front.length
    plan.digest()  # serialisable, whatever was read
    try:
        yaml.compose("\n".join(lines), Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # YAML cannot read it: the mistake costs at most its objective
        assert len(plan.objectives) >= 1 or number < 3
    except RecursionError:  # pragma: no cover - the pure loader on deep nesting
        pass


@FAST
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.dates(), st.datetimes(),
                 st.lists(st.integers(), max_size=3), st.none(), st.booleans(),
                 st.from_regex(r"\d{1,5}-\d{1,3}-\d{1,3}( \d\d:\d\d)?", fullmatch=True)))
def test_the_date_reader_never_raises(value):
    date, problem = parse_date(value)
    if date is not None:
        assert isinstance(date.raw, str) and isinstance(date.sort_key[0], dt.date)
        if date.date is not None:
            assert date.date.year in YEARS
            date.date + dt.timedelta(days=366)  # arithmetic on any date read is safe
            assert date.long() and date.month_year() and date.iso()
        else:
            assert problem


# -- event times and the path check (issue 24) ----------------------------------------------
@FAST
@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2999, 12, 30)),
       st.sampled_from(["T", " "]))
def test_a_flat_time_without_a_zone_is_shown_as_written(moment, sep):
    """The older schema's ``start-date: 2022-06-29 13:00`` is UK local time
    (reference/developer.md#trap-event-times):
    whatever the season, the page shows the hour the volunteer wrote."""
    from csnet.events.model import UK, read_moment
    from csnet.events.words import time_text

    moment = moment.replace(second=0, microsecond=0)
    local = moment.replace(tzinfo=UK)
    if local.astimezone(dt.UTC).astimezone(UK).replace(tzinfo=None) != moment:
        return  # an hour the clocks skip in spring: there is no such time in the UK
    value, problem = read_moment(moment.isoformat(sep=sep, timespec="minutes"), UK)
    assert problem is None and value.tzinfo is dt.UTC
    assert value.astimezone(UK).replace(tzinfo=None) == moment
    hour = moment.hour % 12 or 12
    assert time_text(value).startswith(("12 noon",) if (moment.hour, moment.minute) == (12, 0)
                                       else (f"{hour}.", f"{hour}am", f"{hour}pm"))


_PATH_PIECES = st.sampled_from(["..", ".", "docs", "inside.txt", "link", "outside.txt", "/",
                                "%2e%2e", "%2F", "%00", "?x", "#y", "//", "\\", "~", "a b"])


@FAST
@given(st.lists(_PATH_PIECES, max_size=10).map("/".join), st.booleans())
@example("%00", False)  # a NUL byte: once a ValueError out of the fetcher
def test_the_pdf_fetcher_reads_only_files_inside_its_folders(tmp_path_factory, path, absolute):
    """However an address is written (``..``, escapes, a link out of the folder), the
    fetcher refuses it unless the file it names is inside the site's folder."""
    import urllib.parse
    import urllib.request
    from pathlib import Path

    from csnet.pdf.render import guarded_fetcher

    base = Path(tmp_path_factory.getbasetemp()) / "fetcher"
    docs = base / "docs"
    if not docs.exists():
        docs.mkdir(parents=True)
        (docs / "inside.txt").write_text("in")
        (base / "outside.txt").write_text("out")
        (docs / "link").symlink_to(base, target_is_directory=True)
    fetcher = guarded_fetcher((docs,))
    url = urllib.parse.urljoin(docs.as_uri() + "/", path.lstrip("/") if not absolute else path)
    if fetcher.problem(url) is None and url.startswith("file:"):
        opened = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path)).resolve()
        assert opened.is_relative_to(docs.resolve()), (url, opened)


@FAST
@given(st.lists(_PATH_PIECES, max_size=10).map("/".join))
def test_the_path_check_follows_links_and_dots(tmp_path_factory, path):
    """``is_inside`` (every directive's check) agrees with where the file really is."""
    from pathlib import Path

    from csnet.paths.checks import is_inside

    base = Path(tmp_path_factory.getbasetemp()) / "paths"
    docs = base / "docs"
    if not docs.exists():
        docs.mkdir(parents=True)
        (docs / "link").symlink_to(base, target_is_directory=True)
    target = docs / path.replace("\x00", "")
    real = os.path.realpath(target)
    assert is_inside(target, docs) == (real == str(docs.resolve()) or real.startswith(
        str(docs.resolve()) + os.sep))


def _tolerant_entries(text: str):
    from csnet.plan.history import entries

    return set(entries(read_plan(parse(text), "plan", "Plan")[0]))


@FAST
@given(st.integers(0, len(PLAN.split("\n")) - 1), noise, st.booleans())
def test_the_history_scanner_reads_as_the_tolerant_reader_or_gives_up(number, mistake, replace):
    """Old revisions are read by a fast line scanner (csnet.plan.scan): whenever it answers,
    it answers what the tolerant reader reads."""
    from csnet.plan.scan import scan

    lines = PLAN.split("\n")
    lines[number] = mistake if replace else lines[number] + mistake
    body = "\n".join(lines)
    scanned = scan(body)
    if scanned is not None and not parse(f"---\n{body}\n---\n").problems:
        assert scanned == _tolerant_entries(f"---\n{body}\n---\n")


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=20)


@FAST
@given(st.lists(st.tuples(names, st.lists(st.tuples(
    names, st.one_of(st.none(), st.dates(), st.text(max_size=12)),
    st.one_of(st.none(), st.booleans(), st.sampled_from(["yes", "on", "done", "0"]))),
    max_size=4)), max_size=3))
def test_the_scanner_reads_dumped_plans_as_the_tolerant_reader(objectives):
    """Plans written by a YAML library (the content manager's shape)."""
    from csnet.plan.scan import scan

    data = {"objectives": [{"objective": name, "milestones": [
        {"milestone": m, "date": date, "complete": done} for m, date, done in items]}
        for name, items in objectives]}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    scanned = scan(body)
    if scanned is not None:
        assert scanned == _tolerant_entries(f"---\n{body}---\n")


@FAST
@given(st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(),
                 st.lists(st.text(max_size=5), max_size=2)),
       st.one_of(st.text(max_size=20), st.none(), st.integers()))
def test_health_lead_note_and_completed_never_raise(health, other):
    """Any value of the new keys is read or warned about at its line, never raised."""
    def one_line(value) -> str:
        return yaml.safe_dump(value).split("\n")[0]

    text = (f"---\nobjectives:\n- objective: One\n  health: {one_line(health)}\n"
            f"  note: {one_line(other)}\n  milestones:\n  - milestone: A\n    complete: true\n"
            f"    lead: {one_line(other)}\n    completed: {one_line(other)}\n---\n")
    front = parse(text)
    plan, problems = read_plan(front, "plan", "Plan")
    plan.digest()
    for problem in problems:
        assert 1 <= problem.line <= front.length
    objective = plan.objectives[0]
    assert objective.health is None or objective.health.label
