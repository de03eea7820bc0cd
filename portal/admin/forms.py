from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.passwords import weakness
from ..audit import ACTION_LABELS
from ..jalali import JalaliDateField


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _code_field(label, missing_message):
    """A short Latin code (roles, departments): what scripts and the CLI use to name the thing."""
    return StringField(label, validators=[
        DataRequired(message=missing_message),
        Regexp(r"^[A-Za-z][A-Za-z0-9_-]{1,39}$", message=_l("Use 2-40 English letters, digits, - or _."))],
        render_kw={"dir": "ltr"})


class RoleForm(FlaskForm):
    name = _code_field(_l("Role code"), _l("Enter a short code for the role."))
    label = StringField(_l("Role name"), validators=[DataRequired(message=_l("Enter the role's name.")),
                                                     Length(max=120)])
    department_scoped = BooleanField(_l("Limited to the holder's departments"), default=True)


class _StaffFields(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(message=_l("Enter the full name.")),
                                                         Length(max=120)])
    role = SelectField(_l("Role"), coerce=int)
    departments = MultiCheckboxField(_l("Departments"), coerce=int)

    def fill_choices(self, roles, departments):
        self.role.choices = [SelectChoice(r.id, r.label) for r in roles]
        self.departments.choices = [SelectChoice(d.id, d.name) for d in departments]
        return self


class StaffCreateForm(_StaffFields):
    email = EmailField(_l("Work e-mail"), validators=[
        DataRequired(message=_l("Enter the e-mail.")),
        Email(message=_l("Enter a valid e-mail address."), check_deliverability=False)], render_kw={"dir": "ltr"})
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Choose a password."))],
                             render_kw={"autocomplete": "new-password"})

    def validate_password(self, field):
        problem = weakness(field.data or "", min_length=current_app.config["PORTAL_PASSWORD_MIN_LENGTH"],
                           personal=((self.email.data or "").split("@")[0],))
        if problem:
            raise ValidationError(problem)


class StaffEditForm(_StaffFields):
    active = BooleanField(_l("Account active"))


class DepartmentForm(FlaskForm):
    code = _code_field(_l("Department code"), _l("Enter a short code for the department."))
    name = StringField(_l("Department name"), validators=[DataRequired(message=_l("Enter the department's name.")),
                                                          Length(max=120)])


class DepartmentEditForm(FlaskForm):
    name = StringField(_l("Department name"), validators=[DataRequired(message=_l("Enter the department's name.")),
                                                          Length(max=120)])
    is_active = BooleanField(_l("Active"))


TARGET_KIND_LABELS = {
    "customers": _l("Customer"), "staff_users": _l("Staff member"), "roles": _l("Role"),
    "departments": _l("Department"), "tickets": _l("Ticket"), "custom_field_definitions": _l("Custom field"),
}


class AuditFilterForm(FlaskForm):
    """Filters in the query string, so a filtered view can be bookmarked; a GET form needs no CSRF token."""

    class Meta:
        csrf = False

    person = StringField(_l("Person"), validators=[Optional(), Length(max=254)],
                         render_kw={"dir": "ltr", "placeholder": _l("e-mail, customer number or #id")})
    action = SelectField(_l("Action"), validators=[Optional()])
    target_kind = SelectField(_l("Object"), validators=[Optional()],
                              choices=[SelectChoice("", _l("Any"))] + [SelectChoice(k, v) for k, v in TARGET_KIND_LABELS.items()])
    target_id = StringField(_l("Object id"), validators=[Optional(), Length(max=40)], render_kw={"dir": "ltr"})
    date_from = JalaliDateField(_l("From"), validators=[Optional()], render_kw={"dir": "ltr", "placeholder": "1405/01/01"})
    date_to = JalaliDateField(_l("To"), validators=[Optional()], render_kw={"dir": "ltr", "placeholder": "1405/12/29"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [SelectChoice("", _l("Any"))] + [SelectChoice(k, v) for k, v in sorted(ACTION_LABELS.items())]
