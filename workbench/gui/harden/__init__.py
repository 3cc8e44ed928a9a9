"""The Harden panel: findings, fixes as undoable edits, rebuild and verify."""
