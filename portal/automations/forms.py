"""The staff's notification settings form: a mobile number and one channel per kind of notice."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..persian import normalize_mobile
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
