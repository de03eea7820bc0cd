"""The Persian analyzer: one chain used when indexing and when searching.

Filters change only token.text, never startchar/endchar, so highlights point at the words as they
were written (ي, ك, ZWNJ and all). The chain:

    tokenizer (a word with a detached «می» before it or «ها»/«تر» after it is one token)
    -> normalise letters/digits -> drop ZWNJ and the joining spaces -> stop words  (PersianWordFilter, one step)
    -> stem (is_morph, so spelling suggestions keep whole words)
"""
from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer

from ..persian import normalize_letters, normalize_mobile, normalize_national_code, to_ascii_digits

# Letters, digits, harakat, tatweel and ZWNJ belong to a word; ZWNJ inside a word keeps «می‌شود» whole.
_WORD = r"[\w\u064B-\u065F\u0670\u0640\u200c]+"
_YEH = "[یيى]"
_KAF = "[کك]"
# Written joined, with ZWNJ or with a space: «می‌شود» «میشود» «می شود», «کتاب‌ها» «کتاب ها» «کتابها».
PREFIXES = ("نمی", "می")
SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایم", "هایت", "هایش", "هایی", "های", "ها", "ترین", "تری", "تر")


def _affix_pattern(affix: str) -> str:
    return affix.replace("ی", _YEH).replace("ک", _KAF)


_PREFIX = "(?:" + "|".join(_affix_pattern(p) for p in PREFIXES) + r")[\u064B-\u065F]*[ \t\u00a0]+"
_SUFFIX = r"(?:[ \t\u00a0]+(?:" + "|".join(_affix_pattern(x) for x in SUFFIXES) + r")(?![\w\u200c]))"
WORD_PATTERN = rf"(?:{_PREFIX})?{_WORD}{_SUFFIX}*"

STOP_WORDS = frozenset(normalize_letters(word) for word in """
و در به از که این آن را با برای تا یا هم نیز اما اگر پس چون چه چی چرا چطور چگونه کجا کی آیا
است هست نیست بود باشد شد ای یک هر همه من تو او ما شما آنها ایشان خود بر بی روی زیر
ولی یعنی مثل درباره بین پیش باید شاید دیگر همین همان
""".split())

@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    return normalize_letters(word).casefold()


_JOINERS = re.compile(r"[\s\u200c]+")


# What may follow a word after a ZWNJ or a joining space and is not part of it: plurals, comparatives,
# possessives and «است» («کتاب‌هایم», «بسته‌ی», «کرده‌ام», «دومرحله‌ای»). The stemmer sees the word without it.
CLITICS = frozenset(normalize_letters(word) for word in """
ها های هایم هایت هایش هایمان هایتان هایشان هایی ام ات اش ایم اید اند ای ی یم ید مان تان شان تر ترین تری
""".split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("persian")


@lru_cache(maxsize=200_000)
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
                token.text = stem(getattr(token, "base", None) or token.text)
            yield token


@lru_cache(maxsize=200_000)
def _prepared(raw: str) -> tuple[str, str | None, bool]:
    """A token as written -> (text, base, is a stop word). text: letters and digits unified (ي→ی, ك→ک, ة→ه, أ→ا,
    harakat and tatweel gone, digits of every script ASCII), case folded, ZWNJ and joining spaces dropped, so
    «کتاب‌ها», «کتاب ها» and «کتابها» are one term. base: the word without a clitic written apart («کتاب» of
    «کتاب‌هایم»), else None: the stemmer starts from it, since the joined form can stem wrong («ایمیلهایم» -> «ایمیله»)."""
    parts = _JOINERS.split(normalize_word(raw))
    text = "".join(parts)
    base = "".join(parts[:-1]) if len(parts) > 1 and parts[-1] in CLITICS else None
    return text, base, text in STOP_WORDS


class PersianWordFilter(Filter):
    """Normalising, joining and the stop list in one step, cached per word as written: one filter instead of
    three is less work per token when many documents are indexed."""

    def __call__(self, tokens):
        position = None
        for token in tokens:
            token.text, token.base, stopped = _prepared(token.text)
            if not token.text:
                continue
            token.stopped = stopped
            if stopped:
                if token.removestops:
                    continue
            elif token.positions:  # positions count the words that stay, as StopFilter(renumber=True) does
                position = token.pos if position is None else position + 1
                token.pos = position
            yield token


def persian_analyzer():
    return RegexTokenizer(WORD_PATTERN) | PersianWordFilter() | PersianStemFilter()


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


def query_pairs(text: str) -> list[tuple[str, str]]:
    """(word as the index spells it, its stemmed term) for each word that is not a stop word, in order, no repeats:
    the same terms query_terms gives, each beside the word it came from."""
    pairs = []
    for token in analyzer()(text or "", mode="query", no_morph=True):
        pair = (token.text, stem(token.base or token.text))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def query_tokens(text: str) -> list[tuple[str, bool, str]]:
    """Every word of the query in order, stop words too: (word as the index spells it, is a stop word, the word
    without a clitic written apart). Compounds are looked for here: «زیر دامنه» is «زیردامنه» though «زیر» alone
    is a stop word, and «دو مرحله‌ای» is «دومرحله‌ای»."""
    return [(token.text, bool(getattr(token, "stopped", False)), token.base or token.text)
            for token in analyzer()(text or "", mode="query", no_morph=True, removestops=False)]


# Endings of colloquial and possessive forms («پسوردم», «پسوردمو», «اینترنتم», «ضعیفه»): a word without one
# may be what the FAQ or the synonym table holds.
SPOKEN_ENDINGS = tuple(normalize_letters(e) for e in ("هامو", "مونو", "شونو", "مون", "تون", "شون", "مو", "تو",
                                                      "شو", "رو", "م", "ت", "ش", "ه", "و"))


def spoken_variants(word: str) -> list[str]:
    """The word without a colloquial or possessive ending, longest ending first, at least 3 letters left."""
    return [word[:-len(e)] for e in SPOKEN_ENDINGS if word.endswith(e) and len(word) - len(e) >= 3]


def query_words(text: str) -> list[str]:
    """The query's words normalised and joined as the index sees them, before stemming (for "did you mean")."""
    return query_terms(text, stemmed=False)


_SPACES = re.compile(r"\s+")


def normalize_query(text: str) -> str:
    """The query as a person would retype it: letters and digits unified, spaces collapsed."""
    return _SPACES.sub(" ", normalize_letters(text or "")).strip()


def identifier_terms(text: str) -> list[str]:
    """Exact-match forms of the identifiers in `text`: each word as typed (letters and digits unified,
    case folded) and, for mobiles and national codes, their canonical form however they were written.

    Identifiers are never stemmed or matched with typos: one wrong digit must find nothing.
    """
    text = normalize_letters(text or "")
    found: list[str] = []

    def add(value):
        if value and value not in found:
            found.append(value)

    for word in text.split():
        word = to_ascii_digits(word).casefold()
        add(word)
        add(normalize_mobile(word))
        add(normalize_national_code(word))
    add(normalize_mobile(text))  # «0935 111 2233», «+98 935 ...»: written with spaces
    add(normalize_national_code(text))
    return found
