"""Markdown answers to safe HTML: markdown-it-py renders (raw HTML off), nh3 keeps only harmless tags."""
import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h2", "h3", "h4",
                "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> Markup:
    raw = _markdown.render(text or "")
    return Markup(nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener nofollow"))


@lru_cache(maxsize=4096)  # a search page shows ten answers: the same few hundred, each rendered once a process
def plain_text(text: str) -> str:
    """The words of a Markdown answer without markup: for the index, snippets and suggestions."""
    stripped = nh3.clean(_markdown.render(text or ""), tags=set())
    return " ".join(html.unescape(stripped).split())
