"""Evaluations of newsledger against other projects' gold sets in ../shared (run with `make eval`)."""
