"""Groups of similar texts for the PostgreSQL backend, computed in Python over the texts given (the FAQ's
"frequently asked" and the recurring-problems report pass a few thousand at most): each text's weighted key
terms are scored against the others, as Whoosh's more-like-this does."""
from __future__ import annotations

from collections import Counter
from math import log

from .pg_terms import field_words

def similar_text_groups(texts: dict[int, str], *, ratio: float = 0.4, numterms: int = 10) -> list[list[int]]:
    bags = {doc_id: Counter(term for _word, term in field_words(value)) for doc_id, value in texts.items()}
    frequency = Counter(term for bag in bags.values() for term in bag)
    total = max(len(bags), 1)
    idf = {term: log(1 + total / count) for term, count in frequency.items()}
    postings: dict[str, list[int]] = {}
    for doc_id, bag in bags.items():
        for term in bag:
            postings.setdefault(term, []).append(doc_id)

    def score(bag: Counter, weight: float, term: str) -> float:
        tf = bag[term]
        return weight * idf[term] * tf / (tf + 1.2)

    groups, assigned = [], set()
    for doc_id, bag in bags.items():
        if doc_id in assigned or not bag:
            continue
        key_terms = sorted(bag, key=lambda t: (-bag[t] * idf[t], t))[:numterms]
        scores: Counter = Counter()
        for term in key_terms:
            weight = bag[term] * idf[term]
            for other in postings[term]:
                scores[other] += score(bags[other], weight, term)
        own = scores.get(doc_id)
        if not own:
            continue
        members = [i for i, s in scores.most_common() if i not in assigned and s >= ratio * own]
        if len(members) >= 2:
            groups.append(members)
            assigned.update(members)
    groups.sort(key=len, reverse=True)
    return groups
