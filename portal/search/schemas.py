"""The fields of each index. Questions weigh more than answers; ticket subjects more than bodies."""
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analyzer import analyzer

ARTICLES = "articles"
TICKETS = "tickets"

# Field -> boost used when a query is built over several fields.
ARTICLE_FIELDS = {"question": 3.0, "answer": 1.0, "category": 1.5}
TICKET_FIELDS = {"subject": 3.0, "body": 1.0, "customer": 2.0}
# Identifiers (customer and ticket numbers, mobile, national code, e-mail, username) match only whole and exact.
TICKET_EXACT_FIELD = "identifiers"


def article_schema() -> Schema:
    text = analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        question=TEXT(analyzer=text, spelling=True, phrase=False),
        answer=TEXT(analyzer=text, spelling=True, phrase=False),
        category=TEXT(analyzer=text),
        status=ID,
        digest=STORED,  # fingerprint of what was indexed: search-check compares it with the database
    )


def ticket_schema() -> Schema:
    text = analyzer()
    # No word positions (phrase=False): ticket search never asks for phrases, and positions are a good part of
    # what a full reindex of many tickets writes.
    return Schema(
        id=ID(stored=True, unique=True),
        subject=TEXT(analyzer=text, phrase=False),
        body=TEXT(analyzer=text, phrase=False),  # messages the customer can see; internal notes are not indexed
        customer=TEXT(analyzer=text, phrase=False),  # the customer's name
        identifiers=KEYWORD(commas=False, lowercase=False),  # normalised whole values, never fuzzy
        opening=TEXT(analyzer=text, phrase=False),  # subject and first message: what "frequently asked" compares
        status=ID,
        digest=STORED,
    )
