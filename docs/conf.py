"""Sphinx configuration for the Civil Service LGBT+ Network website and publications."""

project = "Civil Service LGBT+ Network"
author = "Civil Service LGBT+ Network"
copyright = "Civil Service LGBT+ Network"
language = "en-GB"

extensions = ["csnet"]

# MyST: kramdown-style {.class} lines, ::: fences, definition lists
myst_enable_extensions = ["attrs_block", "attrs_inline", "colon_fence", "deflist"]
myst_heading_anchors = 3

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "README.md"]

html_theme = "pydata_sphinx_theme"
html_title = "Civil Service LGBT+ Network"
html_baseurl = "https://www.civilservice.lgbt/"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navbar_align": "left",
    "show_nav_level": 1,
    "navigation_depth": 2,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_sidebars = {"**": []}

# Status of plan milestones is judged as of this date (YYYY-MM-DD). Leave unset to use
# the build date (or SOURCE_DATE_EPOCH, for reproducible builds).
plan_as_of = None

# Website (issue 4): navigation bar from the root toctree (Home, News, Publications, About),
# the network's name as the logo text, no global tree of posts (GUIDE trap 10).
html_theme_options["logo"] = {"text": "Civil Service LGBT+ Network"}
html_theme_options["header_links_before_dropdown"] = 6
# Unpublished and future-dated pages are left out unless this is True (or -D csnet_drafts=1)
csnet_drafts = False

# PDF publications (nox -s pdf): (start document, file name, title, author, options);
# title and author None = from the start page. Options: see ext/csnet/pdf/config.py.
pdf_documents = [
    ("publication/our-plan", "our-work-and-programmes.pdf", None, None,
     {"before": ["rules/mission-statement"]}),
    ("rules/mission-statement", "mission-statement.pdf", None, None, {}),
    ("news/index", "news.pdf", "News from the Civil Service LGBT+ Network", None,
     {"posts": True, "contents_depth": 1}),
]

# Accessibility (issue 4): the accessibility statement is linked from every page's footer.
html_theme_options["footer_end"] = ["csnet-footer-links"]
html_theme_options["search_bar_text"] = "Search this site"
