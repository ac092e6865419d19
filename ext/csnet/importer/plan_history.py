"""What an old plan's Git history knows that its file does not: when each milestone was done.

Given the old site as a Git checkout, each ticked milestone gets ``completed:`` (the day of the
commit that ticked it there), since after the import the new repository's history starts at
the import; and an old ``last_modified_at:`` earlier than the latest of those days is moved up
to it (the old site rarely kept it current). Without history, nothing changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..dates import parse_date
from ..frontmatter import parse
from ..plan.changes import completion_dates
from ..plan.history import read_history
from .body import Note
from .front import Front


def carry_history(path: Path, front: Front) -> None:
    done = completion_dates(read_history(path, None))
    inserts: list[tuple[int, str, dt.date]] = []
    objectives = front.data.get("objectives")
    for o, objective in enumerate(objectives if isinstance(objectives, list) else []):
        milestones = objective.get("milestones") if isinstance(objective, dict) else None
        for m, milestone in enumerate(milestones if isinstance(milestones, list) else []):
            if not isinstance(milestone, dict) or "completed" in milestone:
                continue
            day = done.get((str(objective.get("objective") or "").strip(),
                            str(milestone.get("milestone") or "").strip()))
            if day and "complete" in milestone:
                line = front.matter.line("objectives", o, "milestones", m, "complete")
                text = front.lines[line - 1]
                indent = text[: len(text) - len(text.lstrip())]
                inserts.append((line, f"{indent}completed: {day.isoformat()}", day))
    for line, text, _day in sorted(inserts, reverse=True):
        front.lines.insert(line, text)
        front.notes.append(Note(line + 1, "plan milestone 'completed'", "changed",
                                "added: the day the old site's history shows it was ticked"))
    if inserts:
        problems = front.matter.problems
        front.matter = parse("\n".join(front.lines))
        front.matter.problems = problems
    latest = max((day for *_, day in inserts), default=None)
    written, _problem = parse_date(front.data.get("last_modified_at"))
    if latest and written and written.date and written.date < latest:
        front.set("last_modified_at", latest, "it was earlier than the latest milestone the "
                  "old site's history shows done; the plan is judged as of this day")
