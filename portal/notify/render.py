"""Rendering a notification into the texts stored on its outbox row, in the recipient's language."""
import re

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape


def recipient_locale(recipient) -> str:
    """The recipient's own language when the record carries one we offer; otherwise the default."""
    wanted = getattr(recipient, "locale", None)
    if wanted in current_app.config["PORTAL_LANGUAGES"]:
        return wanted
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def render_sms(name, recipient, context) -> dict | None:
    """None when the notification has no SMS form."""
    with force_locale(recipient_locale(recipient)):
        try:
            text = render_template(f"notify/{name}.sms.txt", **context)
        except TemplateNotFound:
            return None
    return {"body_text": text.strip()}


def render_email(name, recipient, context) -> dict:
    """Subject, plain text (always) and HTML (the template's, or the text's paragraphs) in the RTL layout."""
    locale = recipient_locale(recipient)
    with force_locale(locale):
        subject = " ".join(render_template(f"notify/{name}.subject.txt", **context).split())
        text = render_template(f"notify/{name}.txt", **context).strip()
        try:
            content = Markup(render_template(f"notify/{name}.html", **context))
        except TemplateNotFound:
            content = text_to_html(text)
        html = render_template("notify/_layout.html", subject=subject, content=content, lang=locale,
                               text_dir="rtl" if locale == "fa" else "ltr",
                               company=current_app.config["PORTAL_COMPANY_NAME"])
    return {"subject": subject[:255], "body_text": text, "body_html": html}


def text_to_html(text: str) -> Markup:
    """Plain text as escaped HTML paragraphs, so a text-only notification still reads right to left."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in p.splitlines()))
                           for p in paragraphs)
