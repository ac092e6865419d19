"""Sphinx configuration for the Civil Service LGBT+ Network website and publications."""

import os

project = "Civil Service LGBT+ Network"
author = "Civil Service LGBT+ Network"
copyright = "Civil Service LGBT+ Network"
language = "en-GB"

extensions = ["csnet"]

# MyST: kramdown-style {.class} lines, ::: fences, definition lists
myst_enable_extensions = ["attrs_block", "attrs_inline", "colon_fence", "deflist"]
myst_heading_anchors = 3

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "README.md"]

# Website: the network's own theme (csnet.theme; options in the README, "The website's theme").
# Menu targets are pages (news/index), paths on the site (/events/: that page once it exists,
# until then the same address on html_baseurl, the live site) or web addresses.
html_theme = "csnet"
html_title = "Civil Service LGBT+ Network"
html_baseurl = "https://www.civilservice.lgbt/"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "description": "The Civil Service LGBT+ Network connects more than 2,000 lesbian, gay, "
                   "bisexual, trans and other LGBT+ civil servants and allies across the UK. "
                   "We are run by volunteers.",
    # the old site's header menu (its _config.yml)
    "menu": [
        ("News", "news/index"),
        ("Events", "/events/"),
        ("Topics", "/topics/"),
        ("Publications", "publication/index"),
        ("Consultations", "/consultations/"),
        ("Networks", "/networks/"),
        ("Our team", "/team/"),
        ("About", "rules/mission-statement"),
        ("Join us", "/join-us/"),
    ],
    # the old site's footer had membership, contact, team, data and archive links; only these
    # addresses are known (the seed pages link /team and info@civilservice.lgbt). Add the
    # membership and data pages here when they are imported: ("Membership", "/membership/")
    "footer_menu": [
        ("Contact us", "mailto:info@civilservice.lgbt"),
        ("Our team", "/team/"),
        ("News archive", "news/index"),
    ],
    # the network's social media accounts, as ("LinkedIn", "https://..."): none is named in
    # the material the site was rebuilt from, so none is guessed here
    "social": [
        ("News feed (Atom)", "/feed.xml"),
    ],
    # the email sign-up panel (email-signup on the home page) posts here once the network's
    # mailing-list provider gives the address of its sign-up form; until then it links to
    # the sign-up page
    "signup_action": "",
    "licence": "All content is available under the Open Government Licence v3.0, "
               "except where otherwise stated.",
    "licence_link": "Open Government Licence v3.0",
    "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}

# Status of plan milestones is judged as of this date (YYYY-MM-DD). Leave unset to use
# the build date (or SOURCE_DATE_EPOCH, for reproducible builds).
plan_as_of = None

# Unpublished and future-dated pages are left out unless this is True (or -D csnet_drafts=1)
csnet_drafts = False

# PDF publications (nox -s pdf): (start document, file name, title, author, options);
# title and author None = from the start page. Options: see ext/csnet/pdf/config.py.
pdf_documents = [
    # the plan first; the mission statement it serves as an appendix, for reference
    ("publication/our-plan", "our-work-and-programmes.pdf", None, None,
     {"after": ["rules/mission-statement"]}),
    ("rules/mission-statement", "mission-statement.pdf", None, None, {}),
    # one PDF per year (news-2023.pdf, ...), linked at the end of the News page
    ("news/index", "news.pdf", "News from the Civil Service LGBT+ Network", None,
     {"posts": True, "by_year": True, "contents_depth": 1}),
]

# Content manager at /admin/ (README "Editing in the browser"): the GitHub repository it commits
# to, as "owner/name" (GitHub Actions sets GITHUB_REPOSITORY when it builds the site)
cms_enabled = True
cms_repo = os.environ.get("GITHUB_REPOSITORY", "")
cms_branch = "main"
# GitHub logins go through an OAuth server (README "Switching it on"): Netlify's, with the Netlify
# site that holds the GitHub OAuth app (no Netlify hosting needed; csnet-import writes the old
# site's), or your own, as its https:// address without a path and the path of its login
# cms_auth_url = "https://api.netlify.com"
# cms_site_domain = "example.netlify.app"
# cms_auth_endpoint = "auth"
