"""The Sizes panel: base image and variant size charts, and the minimization advisor."""
