"""The Persian analyzer: one chain of filters used when indexing and when searching.

Every filter changes only token.text, never startchar/endchar, so highlights point at the
words as they were written (ي, ك, ZWNJ and all). The chain:

    tokenizer -> normalise letters/digits -> join detached affixes -> drop ZWNJ
    -> stop words -> stem (is_morph, so spelling suggestions keep whole words)
"""
from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer, StopFilter

from ..persian import ZWNJ, normalize_letters

# Letters, digits, harakat, tatweel and ZWNJ belong to a word; ZWNJ inside a word keeps «می‌شود» whole.
WORD_PATTERN = r"[\w\u064B-\u065F\u0670\u0640\u200c]+"

# Written either joined, with ZWNJ, or with a space: «می‌شود» «میشود» «می شود».
PREFIXES = frozenset({"می", "نمی"})
SUFFIXES = frozenset({
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
    "تر", "ترین", "تری",
})

STOP_WORDS = frozenset(normalize_letters(word) for word in """
و در به از که این آن را با برای تا یا هم نیز اما اگر پس چون چه چی چرا چطور چگونه کجا کی آیا
است هست نیست بود باشد شد ای یک هر همه من تو او ما شما آنها ایشان خود بر بی روی زیر
ولی یعنی مثل درباره بین پیش باید شاید دیگر همین همان
""".split())


class NormalizeFilter(Filter):
    """ي→ی, ك→ک, ة→ه, أ→ا ..., harakat and tatweel removed, digits of every script to ASCII, case folded."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalize_letters(token.text).casefold()
            yield token


class JoinAffixesFilter(Filter):
    """Joins «می شود» and «کتاب ها» written with a space into one token spanning both words."""

    def __call__(self, tokens):
        held = None  # a copy of the previous token, waiting to see whether an affix follows
        position = 0
        for token in tokens:
            if held is not None:
                bare = token.text.replace(ZWNJ, "")
                if held.text.replace(ZWNJ, "") in PREFIXES or bare in SUFFIXES:
                    held.text = held.text + token.text
                    if getattr(token, "chars", False):
                        held.endchar = token.endchar
                    continue
                yield self._numbered(held, position)
                position += 1
            held = token.copy()
        if held is not None:
            yield self._numbered(held, position)

    @staticmethod
    def _numbered(token, position):
        if getattr(token, "positions", False):
            token.pos = position
        return token


class DropZwnjFilter(Filter):
    """«کتاب‌ها» and «کتابها» become the same term."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.replace(ZWNJ, "")
            if token.text:
                yield token


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("persian")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if not word or word.isascii():
        return word
    return _stemmer().stemWord(word) or word


class PersianStemFilter(Filter):
    """Light stemming (plural and comparative suffixes) with snowball's Persian stemmer."""

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            if not getattr(token, "stopped", False):
                token.text = stem(token.text)
            yield token


def persian_analyzer():
    return (RegexTokenizer(WORD_PATTERN) | NormalizeFilter() | JoinAffixesFilter() | DropZwnjFilter()
            | StopFilter(stoplist=STOP_WORDS, minsize=1) | PersianStemFilter())


_ANALYZER = None


def analyzer():
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = persian_analyzer()
    return _ANALYZER


def query_terms(text: str, *, stemmed: bool = True) -> list[str]:
    """The terms a query string stands for, in order and without repeats."""
    seen = []
    for token in analyzer()(text or "", mode="query", no_morph=not stemmed):
        if token.text not in seen:
            seen.append(token.text)
    return seen


def query_words(text: str) -> list[str]:
    """The query's words normalised and joined as the index sees them, before stemming (for "did you mean")."""
    return query_terms(text, stemmed=False)


_SPACES = re.compile(r"\s+")


def normalize_query(text: str) -> str:
    """The query as a person would retype it: letters and digits unified, spaces collapsed."""
    return _SPACES.sub(" ", normalize_letters(text or "")).strip()
