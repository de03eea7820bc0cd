"""Forms of the account page; each posts to its own address, so their field names may repeat."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..persian import normalize_mobile
from .forms import NewPasswordForm, ResetCodeForm

LANGUAGE_NAMES = {"fa": "فارسی", "en": "English"}


class NameForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[
        DataRequired(message=_l("Enter your full name.")), Length(min=3, max=120, message=_l("Enter your full name."))],
        render_kw={"autocomplete": "name"})


class EmailForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Email(message=_l("Enter a valid e-mail address."), check_deliverability=False)],
        render_kw={"dir": "ltr", "autocomplete": "email"})


class MobileForm(FlaskForm):
    mobile = StringField(_l("Mobile"), validators=[DataRequired(message=_l("Enter your mobile number."))],
                         render_kw={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"})

    def validate_mobile(self, field):
        if normalize_mobile(field.data) is None:
            raise ValidationError(_l("Enter an Iranian mobile number such as 0912 123 4567."))


class CodeForm(FlaskForm):
    code = ResetCodeForm.code
    validate_code = ResetCodeForm.validate_code


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password."))], render_kw={"autocomplete": "current-password"})


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language of notifications"))
    notify_by_sms = BooleanField(_l("Send me notifications by SMS"))
    notify_by_email = BooleanField(_l("Send me notifications by e-mail"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["PORTAL_LANGUAGES"]]
