"""Rescuing whole old archives (eFiction, Automated Archive, static sites) into ficarchive.

`services.rescue_run` is the entry point the command and the web job call; readers for each
kind of archive live in their own package, each with `detect()` and `read()`.
"""
