"""Incoming chat frames, checked before anything acts on them.

A frame is a small JSON object of plain values. Anything else (binary, not JSON, nested deeper than
a chat frame ever is, a NUL character, which PostgreSQL refuses in text, an id no database column
could hold) is refused with a message, and the socket stays open.
"""

import json

MAX_FRAME_CHARACTERS = 16 * 1024
MAX_DEPTH = 3
# Ids fit a signed 64-bit column and a JavaScript number; bigger ones can only be hostile.
MAX_ID = 2**53


class BadFrame(Exception):
    """The frame cannot be acted on; the text is sent back to the client."""


def parse(text_data: str | None, bytes_data: bytes | None) -> dict:
    if text_data is None:
        raise BadFrame("Frames must be JSON text.")
    if len(text_data) > MAX_FRAME_CHARACTERS:
        raise BadFrame("That frame is too large.")
    try:
        content = json.loads(text_data)
    except (ValueError, RecursionError):
        raise BadFrame("Frames must be JSON text.") from None
    if not isinstance(content, dict) or not isinstance(content.get("type"), str):
        raise BadFrame("A frame is a JSON object with a type.")
    _check_values(content)
    return content


def _check_values(content) -> None:
    pending = [(content, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise BadFrame("That frame is nested too deeply.")
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and "\x00" in value:
            raise BadFrame("Text may not contain NUL characters.")


def identifier(value, *, minimum: int = 1) -> int | None:
    """`value` if it is a whole number a row id could be (not a bool, not huge), else None."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_ID:
        return None
    return value
