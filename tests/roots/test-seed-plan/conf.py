extensions = ["csnet"]
myst_enable_extensions = ["attrs_block", "colon_fence"]
plan_as_of = "2022-03-01"
