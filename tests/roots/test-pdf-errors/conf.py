project = "Test Network"
author = "Test Network"
extensions = ["csnet"]
exclude_patterns = ["_build"]
pdf_documents = [
    ("index", "broken.pdf", None, None, {}),
    ("index", "../escape.pdf", None, None, {"colour": "pink"}),
    ("nowhere", "missing.pdf", None, None, {}),
    "not a tuple",
    ("index", "listed.pdf", None, None, ["posts"]),
]
