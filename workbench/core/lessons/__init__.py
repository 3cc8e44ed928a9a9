"""Workshop lessons: the article's exercises as data a trainer runs step by step.

A lesson is a folder (``resources/lessons/<id>/``) with a ``lesson.toml`` manifest and
one Markdown text per step and language. Each step names an action and a check, both
core operations run on the real engine, and a reveal: the docker commands that do the
same by hand. Everything an action creates is recorded by id in the workshop ledger so
``reset`` removes exactly that.
"""
