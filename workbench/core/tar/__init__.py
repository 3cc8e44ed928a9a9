"""Reading layer tars: byte readers over files and streams, and the one tar walker."""
