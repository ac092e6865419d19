extensions = ["csnet"]
plan_as_of = "2022-03-01"
