"""Checks that a queued notification reads in one language: its sentences, its digits, the e-mail's lang and dir.

The tests that use it give every name (people, departments, subjects, the company) in Latin letters without digits,
so any Arabic-script letter or digit in an English message, or any ASCII digit in a Persian one, came from the template.
"""
import re

from portal.persian import FSI, PDI, to_persian_digits

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
URL = re.compile(r"https?://\S+")
# Words of the English templates that must not be left in a Persian message.
ENGLISH_TEMPLATE_WORDS = ("Dear", "ticket", "Ticket", "Customer", "Agent", "Priority", "Reminder", "contract",
                          "score", "Thank you", "Nowruz", "birthday", "recommend")


def assert_speaks(message, locale, *, words, number=None):
    """`words` = (an English phrase, a Persian phrase) the message must hold; `number` (a ticket or customer
    number) must appear in the reader's digits between FSI and PDI."""
    text = "\n".join(t for t in (message.subject, message.body_text) if t)
    where = (message.template, message.channel, text)
    if locale == "en":
        assert words[0] in text, where
        assert not ARABIC_SCRIPT.search(text), where  # neither a Persian word nor a Persian digit
    else:
        assert words[1] in text, where
        assert not any(w in URL.sub("", text) for w in ENGLISH_TEMPLATE_WORDS), where
        assert not re.search(r"[0-9]", URL.sub("", text)), where  # links keep ASCII digits; nothing else does
    if number is not None:
        shown = number if locale == "en" else to_persian_digits(number)
        assert f"{FSI}{shown}{PDI}" in message.body_text, where
    if message.channel == "email":
        assert f'lang="{locale}" dir="{"ltr" if locale == "en" else "rtl"}"' in message.body_html, where
