"""The staff's notification settings and the follow-up form."""
from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..jalali import JalaliDateField
from ..persian import normalize_mobile, to_ascii_digits
from .notices import CHANNEL_LABELS, KINDS


def prefs_form(prefs, formdata=None):
    """A form with a `mobile` field and a `kind_<name>` select per kind, filled from the stored choices."""

    class PrefsForm(FlaskForm):
        mobile = StringField(_l("Mobile (for SMS)"))

        def validate_mobile(self, field):
            if field.data and normalize_mobile(field.data) is None:
                raise ValidationError(_l("Enter a mobile number such as 09121234567."))

    for kind, label in KINDS.items():
        setattr(PrefsForm, f"kind_{kind}", SelectField(label, choices=[SelectChoice(k, v) for k, v in CHANNEL_LABELS.items()],
                                                       default=(prefs.choices or {}).get(kind, "email")))
    form = PrefsForm(formdata=formdata, data={"mobile": prefs.mobile or ""} if formdata is None else None)
    form.kind_fields = [getattr(form, f"kind_{kind}") for kind in KINDS]
    return form


def choices_of(form) -> dict[str, str]:
    return {kind: getattr(form, f"kind_{kind}").data for kind in KINDS}


class FollowUpForm(FlaskForm):
    """A follow-up on a ticket or a task on a customer: Jalali date, local time (HH:MM), optional note."""

    due_on = JalaliDateField(_l("Date"), validators=[InputRequired(message=_l("Enter the date."))],
                             render_kw={"dir": "ltr", "placeholder": "1405/09/15"})
    due_time = StringField(_l("Time"), validators=[InputRequired(message=_l("Enter the time."))],
                           render_kw={"dir": "ltr", "placeholder": "10:30"})
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})

    def validate_due_time(self, field):
        try:
            field.parsed = parse_time(field.data)
        except ValueError:
            raise ValidationError(_l("Enter a time such as 10:30.")) from None


def parse_time(text: str) -> time:
    hours, _, minutes = to_ascii_digits((text or "").strip()).partition(":")
    return time(int(hours), int(minutes or 0))


class ContractEditForm(FlaskForm):
    title = StringField(_l("Plan"), validators=[InputRequired(message=_l("Enter the plan of the contract.")),
                                                Length(max=120)])
    starts_on = JalaliDateField(_l("Starts on"), validators=[InputRequired(message=_l("Enter the start date."))],
                                render_kw={"dir": "ltr"})
    ends_on = JalaliDateField(_l("Ends on"), validators=[InputRequired(message=_l("Enter the end date."))],
                              render_kw={"dir": "ltr"})
    agent = SelectField(_l("Account's agent"), coerce=int)


class ContractRenewForm(FlaskForm):
    ends_on = JalaliDateField(_l("Renewed until"), validators=[InputRequired(message=_l("Enter the end date."))],
                              render_kw={"dir": "ltr", "placeholder": "1406/12/29"})


class GreetingsForm(FlaskForm):
    greetings_opt_in = BooleanField(_l("Send Nowruz and birthday greetings by SMS (the customer agreed)"))
    birth_date = JalaliDateField(_l("Birthday"), validators=[Optional()], render_kw={"dir": "ltr",
                                                                                     "placeholder": "1370/06/15"})
