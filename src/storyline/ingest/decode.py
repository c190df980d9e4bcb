"""Bytes to text: BOM-aware decoding and the checks that reject binary input."""

from __future__ import annotations

import codecs

from ..errors import Errors, IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, path: str, limit: int) -> str:
    """Decode a document's bytes: UTF-8, UTF-8 with BOM, UTF-16 with BOM; else a clear error.

    Args:
        data: the raw bytes.
        path: the name to put in error messages.
        limit: the largest accepted size in bytes.

    Raises:
        IngestError: E102 empty, E103 binary, E104 undecodable, E105 too large.
    """
    if len(data) > limit:
        raise IngestError(Errors.E105.format(path=path, size=len(data), limit=limit))
    if not data.strip():
        raise IngestError(Errors.E102.format(path=path))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise IngestError(Errors.E104.format(path=path)) from err
            return _check_text(text, path)
    if b"\x00" in data[:8192]:
        raise IngestError(Errors.E103.format(path=path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if _looks_binary(data):
            raise IngestError(Errors.E103.format(path=path)) from err
        raise IngestError(Errors.E104.format(path=path)) from err
    return _check_text(text, path)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def _check_text(text: str, path: str) -> str:
    if not text.strip():
        raise IngestError(Errors.E102.format(path=path))
    sample = text[:8192]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    if control > len(sample) * 0.05:
        raise IngestError(Errors.E103.format(path=path))
    return text
