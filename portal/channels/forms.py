"""Forms of the channels room: an admin's decision on an inbound message, and the public contact form."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..persian import normalize_mobile
from ..tickets.services.attachments import UploadRejected, check_files


class OpenForCustomerForm(FlaskForm):
    customer = StringField(_l("Customer (number, mobile, national code, e-mail or username)"),
                           validators=[DataRequired(), Length(max=254)])


class ContactForm(FlaskForm):
    full_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    mobile = StringField(_l("Mobile"), validators=[Optional(), Length(max=20)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=20000)])
    attachments = MultipleFileField(_l("Attachments"))
    # Left empty by people; filled by robots that fill every field. Hidden from view and from screen readers.
    website = StringField(_l("Website"))

    def validate_attachments(self, field):
        try:
            check_files(field.data)
        except UploadRejected as error:
            raise ValidationError(str(error)) from error

    def validate_mobile(self, field):
        if field.data and normalize_mobile(field.data) is None:
            raise ValidationError(_l("Enter a mobile number like 09121234567."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and not (self.mobile.data or self.email.data):
            self.mobile.errors.append(_l("Give a mobile number or an e-mail address, so we can answer you."))
            return False
        return ok


class EmbeddedContactForm(ContactForm):
    """The same form inside another site's <iframe>. A browser sends no portal cookie there (SameSite), so
    instead of the session's CSRF token it carries a signed, time-limited form token of its own."""

    class Meta:
        csrf = False

    form_token = HiddenField()

    def validate_form_token(self, field):
        if not form_token_valid(field.data):
            raise ValidationError(_l("The form has expired. Reload the page and send it again."))


_FORM_TOKEN_SALT = "pishkhan-contact-embed"
FORM_TOKEN_MAX_AGE = 2 * 3600


def new_form_token() -> str:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_FORM_TOKEN_SALT).dumps("contact")


def form_token_valid(token) -> bool:
    try:
        return URLSafeTimedSerializer(current_app.secret_key, salt=_FORM_TOKEN_SALT).loads(
            token or "", max_age=FORM_TOKEN_MAX_AGE) == "contact"
    except BadData:
        return False
