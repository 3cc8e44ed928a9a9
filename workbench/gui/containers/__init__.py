"""The Containers dock: the article's manual build (§1.1) in the window."""
