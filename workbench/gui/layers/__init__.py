"""The layer timeline and the file explorer, linked to the Dockerfile through ImageContext."""
