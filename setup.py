"""Builds the compiled tar-header walker; all project metadata lives in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "workbench.core.image._tarwalk",
            ["workbench/core/image/_tarwalk.c"],
        )
    ]
)
