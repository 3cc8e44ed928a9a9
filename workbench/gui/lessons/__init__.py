"""The Lessons dock: the workshop's navigator, step texts, and one-click actions and checks."""
