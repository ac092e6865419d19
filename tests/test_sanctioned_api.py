"""Only sanctioned Sphinx APIs: no private env._app, no replaced builder methods, no reaching
into sphinx-sitemap's queue, state in the site Domain rather than on the environment."""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT
from tests.helpers.sphinx import build_root

SOURCES = sorted((ROOT / "ext" / "csnet").rglob("*.py"))


@pytest.mark.parametrize(("pattern", "why"), [
    (r"\._app\b", "the private env._app (a doctree-resolved handler is handed the app)"),
    (r"\.get_output_path\s*=", "a builder method replaced on the instance"),
    (r"sitemap_links", "sphinx-sitemap's internal queue"),
    (r"\benv\.csnet_|setattr\(env\b|getattr\(env, \"csnet_", "an ad-hoc env.csnet_* attribute"),
])
def test_no_unsanctioned_api_in_the_code(pattern, why):
    found = [f"{path.relative_to(ROOT)}:{number}" for path in SOURCES
             for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             if re.search(pattern, line)]
    assert found == [], why


def test_build_state_lives_in_the_site_domain(tmp_path):
    from csnet.site import site

    app = build_root(tmp_path, "publish", "dirhtml")
    assert not [name for name in vars(app.env) if name.startswith("csnet")]
    domain = site(app.env)
    assert domain.as_of is not None and domain.data["urls"]  # kept with the environment
    assert (app.outdir / "404.html").is_file() and not (app.outdir / "404").exists()


def test_sphinx_finds_the_documents_itself(tmp_path):
    """Unpublished pages and links outside docs/ leave through ``exclude_patterns``: the
    documents Sphinx knows are exactly what its own ``Project.discover`` finds with them,
    so nothing of ours edited its list. A file name with glob characters leaves alone."""
    import os
    import shutil

    from csnet.leftout import glob_escape
    from csnet.site import site
    from sphinx.project import Project

    from tests.helpers import TESTS
    from tests.helpers.sphinx import build_app

    srcdir = tmp_path / "publication"
    shutil.copytree(TESTS / "roots" / "test-publication", srcdir)
    (srcdir / "pages" / "x[ab].md").write_text("---\npublished: false\n---\n# Draft\n")
    (srcdir / "pages" / "xa.md").write_text("# Published beside a draft named like a glob\n")
    (tmp_path / "outside.md").write_text("# Outside\n")
    os.symlink("../outside.md", srcdir / "linked.md")
    app = build_app(srcdir, plan_as_of="2022-03-01")
    config, record = app.config, site(app.env).data["left_out"]
    assert record["outside"] == ["linked.md"]
    assert {"pages/page-hidden.md", "pages/x[ab].md"} <= {*record["unpublished"]}
    # the build's patterns: conf.py's, and the left-out files as exact patterns
    patterns = [*config.exclude_patterns, *(glob_escape(file) for files in record.values()
                                            for file in files)]
    discovered = Project(srcdir, config.source_suffix).discover(
        [*patterns, *config.templates_path, *app.builder.get_asset_paths()],
        config.include_patterns)
    assert app.env.found_docs == discovered
    assert {"pages/page-hidden", "pages/x[ab]", "linked"}.isdisjoint(discovered)
    assert {"pages/xa", "index"} <= discovered
    # conf.py's own patterns, as they are pickled: the next build sees no configuration change
    assert config.exclude_patterns == ["_build"]


def test_no_code_edits_sphinx_lists_of_documents():
    edits = re.compile(r"(\.docnames|found_docs|all_docs)\.(discard|remove|add|clear|pop|update)"
                       r"|del env\.all_docs")
    found = [f"{path.relative_to(ROOT)}:{number}" for path in SOURCES
             for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             if edits.search(line)]
    assert found == []
