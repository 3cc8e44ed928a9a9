"""The packaging tests that open a window set up Qt as the GUI tests do."""

from tests.gui.conftest import _collector_on_ui_thread  # noqa: F401  (an autouse fixture)
