"""Builds the compiled tar-header walker; all project metadata lives in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and the
Python code they stand in for does the work (same results, slower); the test suite
checks that they were built where the test command installs them.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "workbench.core.image._tarwalk",
            ["workbench/core/image/_tarwalk.c"],
            optional=True,
        ),
    ]
)
