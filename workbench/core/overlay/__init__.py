"""The overlay filesystem: a model of lower / upper / merged, a kernel sandbox, containers."""
