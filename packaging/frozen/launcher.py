"""What the frozen build runs: the same entry point as the installed `workbench`."""

from workbench.__main__ import entry

entry()
