"""Helpers of tests/test_browser.py: the built site, link resolution, the Nu HTML checker."""
