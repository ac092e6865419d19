"""Only sanctioned Sphinx APIs: no private env._app, no replaced builder methods, no reaching
into sphinx-sitemap's queue, state in the site Domain rather than on the environment."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, build_root

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
