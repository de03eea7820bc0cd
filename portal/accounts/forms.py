import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..persian import normalize_mobile, normalize_national_code, to_ascii_digits
from .passwords import weakness


class LoginForm(FlaskForm):
    identifier = StringField(_l("Customer number, mobile, national code, e-mail or username"),
                             validators=[DataRequired(message=_l("Enter one of your identifiers."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password."))])


class StaffLoginForm(FlaskForm):
    identifier = EmailField(_l("Work e-mail"), validators=[DataRequired(message=_l("Enter your e-mail."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password."))])


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[
        DataRequired(message=_l("Enter your full name.")), Length(min=3, max=120, message=_l("Enter your full name."))])
    mobile = StringField(_l("Mobile"), validators=[DataRequired(message=_l("Enter your mobile number."))],
                         render_kw={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"})
    national_code = StringField(_l("National code"), validators=[Optional()],
                                render_kw={"inputmode": "numeric", "dir": "ltr"})
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Email(message=_l("Enter a valid e-mail address."), check_deliverability=False)],
        render_kw={"dir": "ltr", "autocomplete": "email"})
    username = StringField(_l("Username"), validators=[Optional(), Length(min=3, max=40)],
                           render_kw={"dir": "ltr", "autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Choose a password."))],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(message=_l("Repeat the password.")),
        EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})

    def validate_mobile(self, field):
        if normalize_mobile(field.data) is None:
            raise ValidationError(_l("Enter an Iranian mobile number such as 0912 123 4567."))

    def validate_national_code(self, field):
        if field.data and normalize_national_code(field.data) is None:
            raise ValidationError(_l("This national code is not valid; check its digits."))

    def validate_username(self, field):
        value = to_ascii_digits(field.data or "").strip()
        if value.isdigit():
            raise ValidationError(_l("A username needs at least one letter."))
        if "@" in value or " " in value:
            raise ValidationError(_l("A username may not contain spaces or @."))

    def validate_password(self, field):
        mobile = normalize_mobile(self.mobile.data) or ""
        personal = (mobile, mobile[1:], normalize_national_code(self.national_code.data),
                    (self.email.data or "").split("@")[0], self.username.data)
        problem = weakness(field.data or "", min_length=current_app.config["PORTAL_PASSWORD_MIN_LENGTH"],
                           personal=personal)
        if problem:
            raise ValidationError(problem)


def _check_strength(field):
    problem = weakness(field.data or "", min_length=current_app.config["PORTAL_PASSWORD_MIN_LENGTH"])
    if problem:
        raise ValidationError(problem)


class ResetRequestForm(FlaskForm):
    identifier = StringField(_l("Customer number, mobile, national code, e-mail or username"),
                             validators=[DataRequired(message=_l("Enter one of your identifiers."))])


class StaffResetRequestForm(FlaskForm):
    identifier = EmailField(_l("Work e-mail"), validators=[DataRequired(message=_l("Enter your e-mail."))])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(message=_l("Choose a password."))],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(message=_l("Repeat the password.")),
        EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})

    def validate_password(self, field):
        _check_strength(field)


class ResetCodeForm(NewPasswordForm):
    code = StringField(_l("Code"), validators=[DataRequired(message=_l("Enter the code we sent you."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"})

    def validate_code(self, field):
        if not re.fullmatch(r"\d{6}", to_ascii_digits(field.data or "").strip()):
            raise ValidationError(_l("The code has 6 digits."))
