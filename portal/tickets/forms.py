"""Ticket forms. Field names follow the URL map: new ticket subject, body, category, attachments; reply body;
feedback score, comment. Choices are filled by the views; nothing a customer posts beyond these is read."""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DecimalField, HiddenField, IntegerField, MultipleFileField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..persian import normalize_mobile, normalize_national_code, to_ascii_digits
from .models import CHANNELS, PRIORITIES
from .services.attachments import UploadRejected, check_files
from .services.canned import unknown_placeholders

BODY_MAX = 20_000


def _files_within_limits(form, field):
    try:
        check_files(field.data)
    except UploadRejected as rejected:
        raise ValidationError(str(rejected)) from None


class IdSelectField(SelectField):
    """A select of database ids; 0 (or nothing) means none chosen. Checked against the choices given."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=self._to_int, validate_choice=False, **kwargs)

    @staticmethod
    def _to_int(value):
        value = to_ascii_digits(str(value or "0"))
        return int(value) if value.isdigit() else 0

    def pre_validate(self, form):
        if self.data and self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Choose one of the options."))


class _Required:
    """A choice must be made (0 is 'none chosen')."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message)


def _subject():
    return StringField(_l("Subject"), validators=[
        DataRequired(message=_l("Write a short subject.")),
        Length(max=200, message=_l("Keep the subject under 200 characters."))])


def _body(label):
    return TextAreaField(label, validators=[
        DataRequired(message=_l("Write your message.")),
        Length(max=BODY_MAX, message=_l("The message is too long."))])


def _attachments():
    return MultipleFileField(_l("Attachments"), validators=[_files_within_limits])


class NewTicketForm(FlaskForm):
    subject = _subject()
    body = _body(_l("Describe the problem"))
    category = IdSelectField(_l("Topic"), validators=[_Required(_l("Choose the topic closest to your question."))])
    attachments = _attachments()
    follows = HiddenField()


class ReplyForm(FlaskForm):
    body = _body(_l("Your reply"))
    attachments = _attachments()


class StaffReplyForm(FlaskForm):
    body = _body(_l("Message"))
    attachments = _attachments()
    internal = BooleanField(_l("Internal note (the customer does not see it)"))
    status = SelectField(_l("Then"), default="", validate_choice=True)


class FeedbackForm(FlaskForm):
    score = IntegerField(_l("Score"), validators=[
        DataRequired(message=_l("Choose a score from 1 to 5.")),
        NumberRange(min=1, max=5, message=_l("Choose a score from 1 to 5."))])
    comment = TextAreaField(_l("Anything to add? (optional)"), validators=[Optional(), Length(max=2000)])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), validate_choice=True)


class PriorityForm(FlaskForm):
    priority = SelectField(_l("Priority"), choices=list(PRIORITIES), validate_choice=True)


class CategoryChoiceForm(FlaskForm):
    category = IdSelectField(_l("Topic"), validators=[_Required(_l("Choose a topic."))])


class AssignForm(FlaskForm):
    assignee = IdSelectField(_l("Assignee"))


class TransferForm(FlaskForm):
    department = IdSelectField(_l("Department"), validators=[_Required(_l("Choose a department."))])


class MergeForm(FlaskForm):
    into = StringField(_l("Merge into ticket number"), validators=[DataRequired(message=_l("Enter a ticket number."))])


class FindCustomerForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search

    identifier = StringField(_l("Customer number, mobile, national code, e-mail or username"),
                             validators=[DataRequired(message=_l("Enter one of the customer's identifiers."))])


class PhoneTicketForm(FlaskForm):
    identifier = HiddenField()
    subject = _subject()
    body = _body(_l("What the customer said"))
    category = IdSelectField(_l("Topic"), validators=[_Required(_l("Choose a topic."))])
    priority = SelectField(_l("Priority"), choices=list(PRIORITIES), default="normal", validate_choice=True)
    channel = SelectField(_l("Channel"), choices=[c for c in CHANNELS if c != "portal"], default="phone",
                          validate_choice=True)
    attachments = _attachments()


class QuickCustomerForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(message=_l("Enter the customer's full name.")),
                                                         Length(min=3, max=120)])
    mobile = StringField(_l("Mobile"), validators=[Optional()], render_kw={"dir": "ltr", "inputmode": "tel"})
    national_code = StringField(_l("National code"), validators=[Optional()], render_kw={"dir": "ltr"})
    email = StringField(_l("E-mail"), validators=[Optional()], render_kw={"dir": "ltr"})

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and not (self.mobile.data or self.national_code.data or self.email.data):
            self.mobile.errors.append(_l("Enter a mobile, national code or e-mail, so the customer can be found again."))
            return False
        return ok

    def validate_mobile(self, field):
        if field.data and normalize_mobile(field.data) is None:
            raise ValidationError(_l("Enter an Iranian mobile number such as 0912 123 4567."))

    def validate_national_code(self, field):
        if field.data and normalize_national_code(field.data) is None:
            raise ValidationError(_l("This national code is not valid; check its digits."))

    def validate_email(self, field):
        if field.data and "@" not in field.data:
            raise ValidationError(_l("Enter a valid e-mail address."))


class CannedReplyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Give the reply a title.")),
                                                 Length(max=120)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(message=_l("Write the reply.")), Length(max=BODY_MAX)])
    department = IdSelectField(_l("Department"))
    is_active = BooleanField(_l("In use"), default=True)

    every_department_allowed = True  # False for a manager limited to his own departments

    def validate_department(self, field):
        if not field.data and not self.every_department_allowed:
            raise ValidationError(_("Choose a department."))

    def validate_body(self, field):
        unknown = unknown_placeholders(field.data)
        if unknown:
            raise ValidationError(_("Unknown placeholders: %(names)s", names=", ".join("{%s}" % u for u in unknown)))


class TicketCategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Give the topic a name.")), Length(max=120)])
    department = IdSelectField(_l("Department"), validators=[_Required(_l("Choose a department."))])
    position = IntegerField(_l("Order"), default=0, validators=[Optional()])
    is_active = BooleanField(_l("Offered to customers"), default=True)


def add_sla_fields(form_class):
    """Two optional targets per priority on the topic form: first response and resolution, in business hours."""
    for priority in PRIORITIES:
        for kind in ("first", "resolution"):
            setattr(form_class, f"sla_{priority}_{kind}", DecimalField(
                places=None, validators=[Optional(), NumberRange(min=0.25, max=2000, message=_l("Enter a number of hours."))],
                render_kw={"dir": "ltr", "inputmode": "decimal", "step": "0.25"}))
    return form_class


add_sla_fields(TicketCategoryForm)
SLA_KINDS = ("first", "resolution")


def sla_initial(targets: dict | None) -> dict:
    """A topic's stored targets {priority: [first, resolution]} as the form's field values."""
    targets = targets or {}
    return {f"sla_{p}_{kind}": targets[p][i] for p in targets for i, kind in enumerate(SLA_KINDS)}


def sla_targets(form) -> dict:
    """The form's SLA fields as {priority: [first, resolution]}, the shape the topic stores."""
    return {p: [getattr(form, f"sla_{p}_{kind}").data for kind in SLA_KINDS] for p in PRIORITIES}
