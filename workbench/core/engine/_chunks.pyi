# Types of the compiled module built from _chunks.c (see that file).
def dechunk(
    src: bytes | bytearray | memoryview,
    dst: bytearray | memoryview,
    filled: int,
    remaining: int,
    /,
) -> tuple[int, int, int, int]: ...
