extensions = ["csnet"]
myst_enable_extensions = ["attrs_block"]
