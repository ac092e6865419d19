"""axe-core in a Playwright tab: the WCAG 2.2 A and AA rules and the landmark rules."""

from __future__ import annotations

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# best-practice rules about landmarks and headings that axe's WCAG tags leave out
AXE_EXTRA_RULES = [
    "region", "landmark-one-main", "landmark-unique", "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main",
    "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level", "landmark-complementary-is-top-level",
    "page-has-heading-one", "skip-link", "heading-order",
]


def settle(tab) -> None:
    """Switch off transitions: judge the settled look, not a colour or place half-way."""
    tab.add_style_tag(content="*, ::before, ::after { transition: none !important; "
                              "animation: none !important; }")


def axe_violations(tab) -> list[str]:
    """Readable axe violations for the current page, with every ``<details>`` opened."""
    settle(tab)
    results = tab.evaluate(
        """async ([tags, extra]) => {
            document.querySelectorAll("details").forEach(d => { d.open = true; });
            const rules = Object.fromEntries(extra.map(id => [id, {enabled: true}]));
            return await axe.run(document, {runOnly: {type: "tag", values: tags}, rules});
        }""",
        [AXE_TAGS, AXE_EXTRA_RULES])
    lines = []
    for violation in results["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node["failureSummary"].replace("\n", "\n      ")
            lines.append(f"      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return lines
