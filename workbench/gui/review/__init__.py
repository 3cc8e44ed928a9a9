"""The Review dock: one image's verdict, the window's build history, and two images compared."""
