"""The Images dock: the engine's images, push and pull with progress, pin a digest."""
