"""Realistic YAML mistakes in a business plan, each with where and what it should report.

Shared by the recovery tests (which build every case as a page of one real Sphinx project).
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = """\
---
layout: business-plan
title: "Recovery plan"
date: 2021-11-15 # YYYY-MM-DD

objectives:

####################
## MENTORING ##
####################
- objective: "Mentoring programme"\t# Name of objective
  description: "Run the mentoring programme."
  complete: false
  team:
  - name: "John Peart"
  milestones:
  - milestone: "Recruit a lead"
    date: 2021-12-31\t\t# YYYY-MM-DD \u2013 target date
    complete: false
  - milestone: "Open registrations"
    date: 2022-04-01
    complete: true
# Milestones for 2023
  - milestone: "Close registrations"
    date: 2023-05-01
    complete: false
- objective: "Pride events"
  description: "March with pride."
  team:
  - name: "Sam Example"
  milestones:
  - milestone: "Book the venue"
    date: 2022-05-01
    complete: false
  - milestone: "Hold the event"
    date: 2022-07-01
    complete: false
- objective: "Newsletter"
  description: "Publish a monthly newsletter."
  milestones:
  - milestone: "First issue"
    date: 2022-02-01
    complete: true

redirect_from:
- /old-{name}
- /older-{name}
---

Body text of {name}.
"""

OBJECTIVES, MILESTONES = 3, 6


@dataclass(frozen=True)
class Mistake:
    name: str
    edits: tuple[tuple[int, str], ...]  # (file line, its new text)
    #: (line, subtype, words that must all be in the message), one per expected warning
    warnings: tuple[tuple[int, str, tuple[str, ...]], ...]
    objectives: int = OBJECTIVES
    milestones: int = MILESTONES
    unreadable: int = 1  # boxes showing lines as written
    append: str = ""  # extra lines before the closing ---
    newline: str = "\n"  # how the file's lines end

    def text(self) -> str:
        lines = BASE.format(name=self.name).split("\n")
        for number, new in self.edits:
            lines[number - 1] = new
        if self.append:
            end = len(lines) - 4  # the closing ---
            lines[end:end] = self.append.split("\n")
        return self.newline.join(lines)


Y = "yaml"
MISTAKES = [
    Mistake("over-indented", ((21, "      date: 2022-04-01"),),
            ((21, Y, ("indented more than the line above", "line it up with 'milestone:'")),)),
    Mistake("under-indented", ((21, "   date: 2022-04-01"),),
            ((21, Y, ("does not line up", "'milestone:' on line 20")),)),
    Mistake("no-colon", ((21, "    date 2022-04-01"),),
            ((21, Y, ("no colon after the key", "'date: 2022-04-01'")),)),
    Mistake("no-colon-item", ((20, '  - milestone "Open registrations"'),),
            ((20, Y, ("no colon after the key", "'- milestone: \"Open registrations\"'")),)),
    Mistake("no-space-after-colon", ((21, "    date:2022-04-01"),),
            ((21, Y, ("space after the colon", "'date: 2022-04-01'")),)),
    Mistake("tab-indent", ((21, "\tdate: 2022-04-01"),),
            ((21, Y, ("tab is used for indentation", "spaces")),)),
    Mistake("unclosed-double", ((20, '  - milestone: "Open registrations'),),
            ((20, Y, ('quote (")', "never closed")),)),
    Mistake("unclosed-single", ((20, "  - milestone: 'Open registrations"),),
            ((20, Y, ("quote (')", "never closed")),)),
    Mistake("curly-close", ((20, '  - milestone: "Open registrations\u201d'),),
            ((20, Y, ("never closed", "curly quote")),)),
    Mistake("curly-colon", ((27, "- objective: \u201cPride: events\u201d"),),
            ((27, Y, ("contains ': '", "curly quote")),)),
    Mistake("colon-in-value", ((41, "  - milestone: First issue: January"),),
            ((41, Y, ("contains ': '", "double quotes")),)),
    Mistake("unclosed-bracket", ((15, '  - name: ["John Peart"'),),
            ((15, Y, ("'[' opened on this line is never closed",)),)),
    Mistake("dash-at-column-0", ((35, '- milestone: "Hold the event"'),),
            ((35, Y, ("'- '", "indent this line by 2")),), objectives=4),
    Mistake("item-without-dash", ((32, '    milestone: "Book the venue"'),),
            ((32, Y, ("no '- ' in front of it", "line 35")),), unreadable=0),
    Mistake("objective-without-dash", ((11, 'objective: "Mentoring programme"'),),
            ((11, Y, ("no '- ' in front of it", "line 27")),), unreadable=0),
    Mistake("middle-item-without-dash", ((35, '    milestone: "Hold the event"'),),
            ((35, Y, ("'milestone:' is given twice", "write '- ' before it")),
             (36, Y, ("'date:' is given twice",)), (37, Y, ("'complete:' is given twice",))),
            milestones=5, unreadable=0),
    Mistake("at-sign", ((39, "  description: @newsletter every month"),),
            ((39, Y, ("cannot begin with '@'", "quotes")),)),
    Mistake("undefined-alias", ((29, "  team: *pride-team"),),
            ((29, Y, ("alias", "anchor")),)),
    Mistake("nbsp-indent", ((21, "\u00a0\u00a0\u00a0\u00a0date: 2022-04-01"),),
            ((21, Y, ("non-breaking space", "read as a space")),), unreadable=0),
    Mistake("nbsp-after-colon", ((21, "    date:\u00a02022-04-01"),),
            ((21, Y, ("non-breaking space",)),), unreadable=0),
    Mistake("line-separator", ((28, '  description: "March\u2028with pride."'),
                               (42, "    date 2022-02-01")),
            ((28, Y, ("line separator (U+2028)", "Delete it")),
             (42, Y, ("no colon after the key",)))),
    Mistake("paragraph-separator", ((12, '  description: "Run the\u2029programme."'),
                                    (33, "      date: 2022-05-01")),
            ((12, Y, ("paragraph separator (U+2029)",)),
             (33, Y, ("indented more than the line above",)))),
    Mistake("next-line", ((12, '  description: "Run the\x85programme."'),
                          (42, "\tdate: 2022-02-01")),
            ((12, Y, ("next-line character (U+0085)",)), (42, Y, ("tab",)))),
    Mistake("control-character", ((39, '  description: "Publish a \x0cnewsletter."'),),
            ((39, Y, ("control character U+000C",)),), unreadable=0),
    Mistake("lone-cr", ((28, '  description: "March\rwith pride."'), (42, "    date 2022-02-01")),
            ((29, Y, ("the content manager cannot open this page",)),  # Decap's reader too
             (43, Y, ("no colon after the key",)))),  # a lone CR is a new line in editors
    Mistake("crlf-file", ((42, "    date 2022-02-01"),),
            ((42, Y, ("no colon after the key",)),), newline="\r\n"),
    Mistake("broken-title", ((3, 'title: "Recovery plan'),),
            ((3, Y, ("never closed",)),), unreadable=0),
    Mistake("broken-redirect", ((47, '- "/older-broken-redirect'),),
            ((47, Y, ("never closed",)),), unreadable=0),
    Mistake("second-objectives", (),
            ((48, Y, ("'objectives:' is given twice", "first on line 6", "both lists")),),
            objectives=4, milestones=7, unreadable=0,
            append='objectives:\n- objective: "Extra"\n  milestones:\n'
                   '  - milestone: "Extra one"\n    date: 2022-09-01'),
    Mistake("repeated-date", ((34, "    date: 2022-06-01"),),
            ((34, Y, ("'date:' is given twice", "first on line 33", "this value is used")),),
            unreadable=0),
    Mistake("unknown-tag", ((22, "    complete: !done true"),),
            ((22, Y, ("tag '!done'", "remove the tag")),), unreadable=0),
    Mistake("empty-bool", ((22, "    complete: !!bool"),),
            ((22, Y, ("not a valid '!!bool'",)),), unreadable=0),
    Mistake("empty-int", ((22, '    complete: !!int ""'),),
            ((22, Y, ("not a valid '!!int'",)),), unreadable=0),
    Mistake("binary", ((39, "  description: !!binary aGVsbG8="),),
            ((39, Y, ("binary data",)),), unreadable=0),
    Mistake("recursive-alias", ((29, "  team: &t [*t]"), (30, "  # no team yet")),
            ((29, Y, ("contains itself",)),), unreadable=0),
    Mistake("deep-brackets", ((39, "  description: " + "[" * 1000 + "]" * 1000),),
            ((39, Y, ("nested more than 50 levels",)),)),
    Mistake("year-zero", ((33, "    date: 0000-01-01"),),
            ((33, "date", ("the year 0 is not between 1900 and 2999",)),), unreadable=0),
    Mistake("year-9999", ((33, "    date: 9999-12-31"),),
            ((33, "date", ("the year 9999",)),), unreadable=0),
]
