"""Builds the compiled tar-header walker and the report rows' JSON writer; all project
metadata lives in pyproject.toml.

The extensions are optional: without a C compiler the install still succeeds and the
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
        Extension(
            "workbench.core.analysis._jsonrows",
            ["workbench/core/analysis/_jsonrows.c"],
            optional=True,
        ),
    ]
)
