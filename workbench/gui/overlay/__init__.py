"""The overlay filesystem panel: lower(s) | upper | merged (| work), from three sources."""
