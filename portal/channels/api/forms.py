"""Forms of the token and webhook pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ...notify.webhooks import EVENTS

EVENT_LABELS = {
    "ticket.created": _l("A ticket was opened"),
    "ticket.replied": _l("A reply was added to a ticket"),
    "ticket.status_changed": _l("A ticket's status changed"),
}


class TokenForm(FlaskForm):
    name = StringField(_l("Name of the token"), validators=[Optional(), Length(max=80)],
                       description=_l("Where it is used, e.g. “telephony system”."))


class WebhookForm(FlaskForm):
    url = URLField(_l("Address (URL)"), validators=[
        DataRequired(), URL(require_tld=False), Length(max=254),
        Regexp(r"(?i)^https?://", message=_l("The address must start with http:// or https://."))])
    events = SelectMultipleField(_l("Events"), choices=[(e, EVENT_LABELS[e]) for e in EVENTS],
                                 validators=[DataRequired(_l("Choose at least one event."))],
                                 option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    active = BooleanField(_l("Active"), default=True)
