"""The two YAML shapes Decap's reader (``yaml`` 1.10, reference/developer.md#trap-decap-yaml)
refuses and ours reads:
warned about at their line, and written by the importer in a form both readers accept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from csnet.frontmatter import parse
from csnet.importer.front import read

from tests.helpers import ROOT

NODE = shutil.which("node")
DECAP_YAML = ROOT / "node_modules" / "yaml"

EDGE = '---\ntitle: "Pride in\nLondon, 2022\nand after"\nexcerpt: Fine\n---\nBody.\n'
TWICE = "---\ntitle: A\nexcerpt: one\nexcerpt: two\n---\nBody.\n"


def decap_reads(block: str):
    """What Decap's YAML reader makes of a front-matter block (an error's message, else
    the values)."""
    if NODE is None or not DECAP_YAML.is_dir():
        message = "Node.js and `npm ci` are needed (see .ci/run)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    script = ("const yaml = require(process.argv[1]); let t = '';"
              "process.stdin.on('data', d => t += d).on('end', () => { try {"
              " console.log(JSON.stringify({ok: yaml.parse(t)})) } catch (e) {"
              " console.log(JSON.stringify({error: e.message})) } })")
    done = subprocess.run([NODE, "-e", script, str(DECAP_YAML)], input=block,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def block_of(text: str) -> str:
    return text.split("---\n")[1]


def test_both_shapes_are_located_warnings_saying_the_cms_cannot_open_the_page():
    edge = parse(EDGE)
    assert [(p.line, p.message.split(":")[0]) for p in edge.problems] == [
        (3, "the content manager cannot open this page")]
    assert edge.data["title"] == "Pride in London, 2022 and after"
    twice = parse(TWICE)
    assert [p.line for p in twice.problems] == [4]
    assert "The content manager cannot open this page" in twice.problems[0].message
    assert "error" in decap_reads(block_of(EDGE))  # as the warning says
    assert "error" in decap_reads(block_of(TWICE))


def test_the_importer_writes_quoted_text_decap_can_read_with_the_same_value():
    front, body, _ = read(EDGE, {})
    written = front.text + "\n"
    assert decap_reads(block_of(written)) == {"ok": parse(EDGE).data}
    assert not parse(written).problems
    assert any(note.action == "changed" and "indented" in note.detail for note in front.notes)
