"""The Dockerfile editor: highlighting, gutter, diagnostics, find/replace, tabs."""
