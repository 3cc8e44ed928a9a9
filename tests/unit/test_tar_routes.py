"""The tar scanner's two routes against each other: a seekable window (archive members,
plain OCI blobs) and a forward-only stream that fingerprints every file (the engine's
save stream, handed over in chunks of any size). On every tar here, random or hostile,
both must give the same entries, opaque dirs and length, or raise the same error; each
stream fingerprint must be the hash of the member's data as Python's ``tarfile`` reads it.
"""

from __future__ import annotations

import io
import random
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from xxhash import xxh3_128_hexdigest

from workbench.core.errors import BadSourceError
from workbench.core.model import Kind
from workbench.core.tar.scan import scan_tar
from workbench.core.tar.streams import FileWindow, StreamReader

BLOCK = 512
CHECK_EVERY = 0x1000  # entries between the scanner's cancellation checks


def build(infos: list[tuple[tarfile.TarInfo, bytes]], fmt: int) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt, encoding="utf-8",
                      errors="surrogateescape") as tar:
        for info, data in infos:
            if info.type == tarfile.REGTYPE:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return buf.getvalue()


def info(name: str, kind: bytes = tarfile.REGTYPE, *, link: str = "", mode: int = 0o644,
         uid: int = 0, gid: int = 0, mtime: int = 1_700_000_000) -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.type, ti.linkname, ti.mode = kind, link, mode
    ti.uid, ti.gid, ti.mtime = uid, gid, mtime
    return ti


def header_offsets(data: bytes) -> list[int]:
    """Offsets of the member headers proper (after any PAX or GNU records)."""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return [m.offset_data - BLOCK for m in tar.getmembers()]


def patch(data: bytes, at: int, field: slice, value: bytes) -> bytes:
    """Overwrite one header field and give the header a correct checksum again."""
    out = bytearray(data)
    out[at + field.start : at + field.stop] = value
    out[at + 148 : at + 156] = b" " * 8
    out[at + 148 : at + 155] = f"{sum(out[at : at + BLOCK]):06o}\0".encode()
    return bytes(out)


Outcome = tuple[list[tuple[Any, ...]], list[str], list[int], int] | str


def scan(path: Path, size: int, check: Callable[[], None] | None = None) -> Outcome:
    offsets: list[int] = []
    try:
        with open(path, "rb") as f:
            result, length = scan_tar(FileWindow(f, 0, size, "t"), "sha256:x", "t",
                                      check=check, offsets=offsets)
    except BadSourceError as e:
        return f"BadSourceError: {e}"
    # Every field, and the kind's identity (an equal string would not do).
    rows = [(e.path, e.kind, type(e.kind), e.size, e.mode, e.uid, e.gid, e.link, e.mtime,
             e.digest, type(e)) for e in result.entries]
    return rows, result.opaque_dirs, offsets, length


def scan_stream(data: bytes, chunk: int,
                check: Callable[[], None] | None = None) -> Outcome:
    # The engine route hands a layer's first 512 bytes as a chunk of their own.
    pieces = iter([data[:BLOCK]] + [data[i : i + chunk] for i in range(BLOCK, len(data), chunk)])
    offsets: list[int] = []
    try:
        result, length = scan_tar(StreamReader(lambda: next(pieces, b""), "s"), "sha256:x", "t",
                                  hash_all=True, offsets=offsets, check=check)
    except BadSourceError as e:
        return f"BadSourceError: {e}"
    rows = [(e.path, e.kind, type(e.kind), e.size, e.mode, e.uid, e.gid, e.link, e.mtime,
             e.digest, type(e)) for e in result.entries]
    return rows, result.opaque_dirs, offsets, length


def compare(data: bytes, tmp_path: Path, chunks: tuple[int, ...] = (7000, 1 << 20),
            oracle: bool = False) -> Outcome:
    """Both routes agree; with ``oracle``, the fingerprints also match ``tarfile``'s
    reading (for well-formed tars, which ``tarfile`` reads the same way)."""
    path = tmp_path / f"layer-{random.randrange(1 << 30)}.tar"
    path.write_bytes(data)
    reference = scan(path, len(data))
    for chunk in chunks:  # forward-only streams, fingerprinting every file
        streamed = scan_stream(data, chunk)
        if isinstance(reference, str):
            assert isinstance(streamed, str)
        else:
            assert not isinstance(streamed, str)
            assert [r[:9] for r in streamed[0]] == [r[:9] for r in reference[0]]
            assert streamed[1:] == reference[1:]
            if oracle:
                _fingerprints_match_tarfile(data, streamed[0])
    return reference


def _fingerprints_match_tarfile(data: bytes, rows: list[tuple[Any, ...]]) -> None:
    """Each streamed file's fingerprint is the hash of its data as ``tarfile`` reads it
    (in member order; whiteout markers are regular members to tarfile, not files)."""
    with tarfile.open(fileobj=io.BytesIO(data), errors="surrogateescape") as tar:
        members = [m for m in tar.getmembers()
                   if m.isreg() and not m.name.rpartition("/")[2].startswith(".wh.")]
        contents = [tar.extractfile(m).read() for m in members]  # type: ignore[union-attr]
    digests = [r[9] for r in rows if r[1] is Kind.FILE]
    assert digests == [xxh3_128_hexdigest(c) for c in contents]


def random_infos(rng: random.Random, count: int, fmt: int) -> list[tuple[tarfile.TarInfo, bytes]]:
    out: list[tuple[tarfile.TarInfo, bytes]] = []
    names: list[str] = []
    for i in range(count):
        depth = rng.randrange(0, 4)
        parent = "/".join(rng.choice(["usr", "lib", "d", "caf\udce9", "ü", "x" * 60])
                          for _ in range(depth))
        base = rng.choice([f"f{i}", f".wh.f{i}", ".wh..wh..opq", f".wh..wh.plnk{i}",
                           f"name-{i}-" + "n" * rng.randrange(0, 120), f"é{i}"])
        name = f"{parent}/{base}" if parent else base
        style = rng.random()
        if style < 0.1:
            name = "./" + name
        elif style < 0.15:
            name = "/" + name.replace("/", "//")
        elif style < 0.2:
            name = name.replace("/", "/./")
        mode = rng.choice([0o644, 0o755, 0o4755, 0o2711, 0o1777, 0o100644, 0o600])
        meta = dict(mode=mode, uid=rng.choice([0, 1000, 65534, 3_000_000]),
                    gid=rng.choice([0, 50, 2_000_000]),
                    mtime=rng.choice([0, 1_700_000_000, 2**33 - 1, 2**35]))
        kind = rng.choices(
            [tarfile.REGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE,
             tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE],
            [60, 10, 10, 8, 4, 4, 4])[0]
        data = b""
        link = ""
        if kind == tarfile.REGTYPE:
            size = rng.choice([0, 1, 511, 512, 513, rng.randrange(2000), rng.randrange(9000),
                               70_000])
            data = rng.randbytes(size)
        elif kind == tarfile.SYMTYPE:
            link = rng.choice(["../lib/x", "/abs/target", "t" * rng.randrange(1, 150)])
        elif kind == tarfile.LNKTYPE:
            link = rng.choice(names) if names else "f"
            link = rng.choice([link, "./" + link, "/" + link])
        ti = info(name, kind, link=link, **meta)
        if fmt == tarfile.USTAR_FORMAT:
            try:  # ustar has no long names (beyond its prefix field) nor big numbers
                ti.tobuf(tarfile.USTAR_FORMAT, "utf-8", "surrogateescape")
            except ValueError:
                continue
        names.append(name.strip("/"))
        out.append((ti, data))
    return out


@pytest.mark.parametrize("fmt", [tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT],
                         ids=["ustar", "gnu", "pax"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_tars_agree(fmt: int, seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed * 10 + fmt)
    infos = random_infos(rng, 2500, fmt)
    # Data bigger than a slice, then more small entries to cross slice boundaries.
    infos.append((info("big/blob"), rng.randbytes((1 << 18) + 1000)))
    infos += random_infos(rng, 1500, fmt)
    data = build(infos, fmt) + bytes(rng.choice([0, 4096]))
    assert len(data) > 3 * (1 << 18)
    result = compare(data, tmp_path, oracle=True)
    assert not isinstance(result, str), result
    rows, opaque, _offsets, _length = result
    assert any(r[1] is Kind.WHITEOUT for r in rows) and opaque


def test_prefix_field_and_non_utf8_names(tmp_path: Path) -> None:
    long_dir = "/".join(["p" * 40] * 3)  # only fits through ustar's prefix field
    infos = [(info(f"{long_dir}/file"), b"1"), (info(f"{long_dir}/.wh.gone"), b""),
             (info("raw-\udcff\udcfe/x"), b"2"), (info(f"{long_dir}/\udce9t\udce9"), b"3"),
             (info("hl", tarfile.LNKTYPE, link=f"/{long_dir[:60]}//./file"), b"")]
    result = compare(build(infos, tarfile.USTAR_FORMAT), tmp_path, oracle=True)
    assert not isinstance(result, str)
    assert [r[0] for r in result[0]] == [
        f"{long_dir}/file", f"{long_dir}/gone", "raw-\udcff\udcfe/x", f"{long_dir}/\udce9t\udce9",
        "hl"]
    assert result[0][4][7] == f"{long_dir[:60]}/file"


def test_odd_number_fields_agree(tmp_path: Path) -> None:
    base = build([(info(f"f{i}", uid=i), b"abc") for i in range(8)], tarfile.USTAR_FORMAT)
    at = header_offsets(base)
    odd = [
        (slice(100, 108), b"   644 \0"),  # leading spaces
        (slice(100, 108), b"0000644 "),  # space terminator (taken by the walk)
        (slice(100, 108), b"00000644"),  # no terminator at all
        (slice(108, 116), b"000_017\0"),  # int() reads underscores
        (slice(108, 116), b"+000017\0"),
        (slice(116, 124), b"\0\0\0\0\0\0\0\0"),  # empty field reads as 0
        (slice(136, 148), b"\x80" + (1_700_000_000).to_bytes(11, "big")),  # base-256 mtime
        (slice(124, 136), b"\x80" + (3).to_bytes(11, "big")),  # base-256 size
        (slice(124, 136), b"3\0\0\0\0\0\0\0\0\0\0\0"),  # short size
        (slice(124, 136), b"00000000003 "),
        (slice(124, 136), b" 0000000003\0"),
        (slice(148, 156), b"0012345\0"),  # wrong checksum on a ustar header: tolerated
    ]
    for field, value in odd:
        for index in (0, 4):
            data = (bytearray(base[: at[index]]) + base[at[index] :])
            if field.start == 148:
                data[at[index] + 148 : at[index] + 156] = value
                compare(bytes(data), tmp_path)
            else:
                compare(patch(bytes(data), at[index], field, value), tmp_path)


def test_odd_number_fields_read_as_tarfile_reads_them(tmp_path: Path) -> None:
    base = build([(info(f"f{i}", uid=i), b"abc") for i in range(8)], tarfile.USTAR_FORMAT)
    at = header_offsets(base)[3]
    odd = [
        (slice(100, 108), b"   644 \0", "mode"), (slice(100, 108), b"00000644", "mode"),
        (slice(108, 116), b"000_017\0", "uid"), (slice(108, 116), b"+000017\0", "uid"),
        (slice(116, 124), b"\0" * 8, "gid"), (slice(116, 124), b"0000062 ", "gid"),
        (slice(136, 148), b"\x80" + (1_700_000_000).to_bytes(11, "big"), "mtime"),
        (slice(136, 148), b"14500000000 ", "mtime"),
        (slice(124, 136), b"3" + b"\0" * 11, "size"),  # a short size, then NULs
        (slice(124, 136), b"00000000003 ", "size"), (slice(124, 136), b" 0000000003\0", "size"),
        (slice(124, 136), b"\x80" + (3).to_bytes(11, "big"), "size"),
    ]
    for field, value, attribute in odd:
        data = patch(base, at, field, value)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            expected = getattr(tar.getmembers()[3], attribute)
        result = compare(data, tmp_path)
        assert not isinstance(result, str), (value, result)
        row = result[0][3]
        got = {"size": row[3], "mode": row[4], "uid": row[5], "gid": row[6], "mtime": row[8]}
        assert got[attribute] == expected & (0o7777 if attribute == "mode" else -1), value


def test_checksum_forms_agree(tmp_path: Path) -> None:
    data = build([(info(f"f{i}"), b"q" * 600) for i in range(4)], tarfile.USTAR_FORMAT)
    at = header_offsets(data)[2]
    good = sum(data[at : at + 148]) + sum(data[at + 156 : at + BLOCK]) + 8 * 32
    for stored in (f"{good:06o}\0 ", f"{good:07o}\0", f"  {good:o}\0 ", f"{good:o} \0\0",
                   f"{good + 1:06o}\0 "):
        raw = bytearray(data)
        raw[at + 148 : at + 156] = stored.encode().ljust(8, b"\0")[:8]
        compare(bytes(raw), tmp_path)
        raw[at + 257 : at + 263] = b"\0" * 6  # no ustar magic: the checksum is decisive
        compare(bytes(raw), tmp_path)


def hostile_cases() -> list[tuple[str, bytes]]:
    plain = build([(info("a"), b"x" * 5000), (info("b"), b"y" * 700), (info("c"), b"")],
                  tarfile.USTAR_FORMAT)
    at = header_offsets(plain)
    cases = [(f"cut at {cut}", plain[:cut]) for cut in (100, 512, 700, 5632, 5700, 6656,
                                                        6900, 7168, len(plain) - 1024)]
    no_magic = bytearray(plain)
    no_magic[at[1] + 257 : at[1] + 263] = b"garbag"  # magic gone, checksum now wrong
    cases.append(("bad checksum mid-stream", bytes(no_magic)))
    cases.append(("negative size", patch(plain, at[1], slice(124, 136),
                                         b"\xff" * 12)))
    cases.append(("absurd size", patch(plain, at[1], slice(124, 136), b"77777777777\0")))
    cases.append(("size past the end", patch(plain, at[2], slice(124, 136),
                                             b"00000002000\0")))
    cases.append(("malformed number", patch(plain, at[1], slice(100, 108), b"0000x44\0")))
    for name in ("../etc/passwd", "a/../../x", "/../../root", "a/../b", "./a/b/.."):
        cases.append((name, build([(info("ok"), b"1"), (info(name), b"evil")],
                                  tarfile.USTAR_FORMAT)))
    for target in ("../../etc/shadow", "a/../b", "a/.."):
        cases.append((f"hard link to {target}", build(
            [(info("ok"), b"1"), (info("hl", tarfile.LNKTYPE, link=target), b"")],
            tarfile.USTAR_FORMAT)))
    cases.append(("no end blocks", plain[: at[2] + BLOCK]))
    big = build([(info("big"), b"b" * 100_000), (info("after"), b"a")], tarfile.USTAR_FORMAT)
    cases += [("big file cut", big[:60_000]), ("big file padding cut", big[:100_600])]
    cases.append(("vendor typeflags", build(
        [(info("s", b"S"), b""), (info("v", b"V"), b""), (info("after"), b"z")],
        tarfile.GNU_FORMAT)))
    cases.append(("zero name", patch(plain, at[1], slice(0, 1), b"\0")))
    return cases


@pytest.mark.parametrize("case", hostile_cases(), ids=lambda c: c[0])
def test_hostile_inputs_agree(case: tuple[str, bytes], tmp_path: Path) -> None:
    compare(case[1], tmp_path)


def test_hostile_inputs_raise(tmp_path: Path) -> None:
    # The comparison above must not be two routes agreeing on accepting garbage.
    outcomes = {name: compare(data, tmp_path) for name, data in hostile_cases()}
    assert "outside the image root" in str(outcomes["../etc/passwd"])
    assert "outside the image root" in str(outcomes["hard link to ../../etc/shadow"])
    assert "negative size" in str(outcomes["negative size"])
    assert "truncated" in str(outcomes["absurd size"])
    assert "bad header checksum" in str(outcomes["bad checksum mid-stream"])
    assert "malformed number" in str(outcomes["malformed number"])
    resolved = outcomes["a/../b"]
    assert not isinstance(resolved, str) and [r[0] for r in resolved[0]] == ["ok", "b"]


def test_cancellation_is_checked_at_the_same_counts(tmp_path: Path) -> None:
    data = build([(info(f"f{i}"), b"") for i in range(3 * CHECK_EVERY + 5)],
                 tarfile.GNU_FORMAT)
    path = tmp_path / "l.tar"
    path.write_bytes(data)
    calls: dict[str, int] = {}
    counter: list[int] = []
    scan(path, len(data), check=lambda: counter.append(1))
    calls["window"] = len(counter)
    counter = []
    scan_stream(data, 1 << 16, check=lambda: counter.append(1))
    calls["stream"] = len(counter)
    assert set(calls.values()) == {3}, calls


def test_hashing_wanted_files_hashes_only_those_files(tmp_path: Path) -> None:
    from workbench.core.image import archive

    rng = random.Random(9)
    infos = [(info(f"d{i % 7}/f{i}"), rng.randbytes(rng.choice([0, 1, 511, 512, 5000])))
             for i in range(400)]
    infos += [(info("d0/link", tarfile.SYMTYPE, link="f1"), b""),
              (info("d9", tarfile.DIRTYPE), b"")]
    data = build(infos, tarfile.GNU_FORMAT)
    path = tmp_path / "l.tar"
    path.write_bytes(data)
    wanted = {f"d{i % 7}/f{i}" for i in range(0, 400, 3)} | {"d0/link", "d9", "absent"}
    offsets: list[int] = []
    with open(path, "rb") as f:
        window = FileWindow(f, 0, len(data), "t")
        scan_result, _ = scan_tar(window, "sha256:x", "t", offsets=offsets)
        digests = archive._hash_at(window, scan_result, offsets, wanted, "t")
    assert len(digests) == len(range(0, 400, 3))  # files only: no link, dir or absent
    assert digests == {f"d{i % 7}/f{i}": xxh3_128_hexdigest(infos[i][1])
                       for i in range(0, 400, 3)}
