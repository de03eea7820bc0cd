"""What an uploaded file really is, from its first bytes (filetype's signatures), against what its name says.

An .exe renamed to .png is refused, and so is anything a browser would render as a page or run as script
(HTML, SVG, XML with markup) whatever its name."""
from __future__ import annotations

import re

import filetype

HEAD_BYTES = 8192
# name's extension -> the detected kinds that may carry it. Office formats are zip or OLE containers, and
# filetype names the container when the part it looks for lies beyond the first bytes.
_EXPECTED = {
    "png": {"png", "apng"}, "jpg": {"jpg"}, "jpeg": {"jpg"}, "gif": {"gif"}, "webp": {"webp"}, "bmp": {"bmp"},
    "pdf": {"pdf"}, "zip": {"zip"}, "rar": {"rar"}, "7z": {"7z"}, "gz": {"gz"},
    "docx": {"docx", "zip"}, "xlsx": {"xlsx", "zip"}, "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"}, "ods": {"ods", "zip"}, "odp": {"odp", "zip"},
    "doc": {"doc", "xls", "ppt"}, "xls": {"xls", "doc", "ppt"}, "ppt": {"ppt", "doc", "xls"},
    "mp3": {"mp3"}, "mp4": {"mp4", "m4v"}, "wav": {"wav"}, "ogg": {"ogg"},
}
TEXT_EXTENSIONS = {"txt", "csv", "log", "json", "md"}
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|svg|script|iframe|object|embed|body|head|\?xml)[\s>/]", re.I)


def head_of(stream) -> bytes:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head


def is_markup(head: bytes) -> bool:
    """HTML, SVG or XML a browser could render: looked for in UTF-8 and UTF-16 text alike."""
    candidates = [head]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            candidates.append(head.decode(encoding).encode("utf-8", "ignore"))
        except UnicodeDecodeError:
            pass
    return any(_MARKUP.search(c) for c in candidates)


def content_matches(ext: str, head: bytes) -> bool:
    """False when the bytes are another kind of file than the extension says (or a program)."""
    kind = filetype.guess(head)
    detected = kind.extension if kind else None
    if ext in _EXPECTED:
        return detected in _EXPECTED[ext]
    if ext in TEXT_EXTENSIONS:  # text: no known binary signature, and no NUL byte unless it is UTF-16
        return detected is None and (head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" not in head)
    return detected not in {"exe", "elf", "wasm", "swf", "crx", "deb", "rpm"}
