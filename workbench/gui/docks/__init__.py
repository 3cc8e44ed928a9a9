"""Docks the window owns itself: problems, build, log and the plain layer list."""
