from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..jalali import JalaliDateField
from . import services
from .labels import DIRECTION_LABELS, FIELD_KIND_LABELS, INTERACTION_KIND_LABELS
from .models import FIELD_KINDS, CustomFieldDefinition

def _choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


class ContractForm(FlaskForm):
    title = StringField(_l("Plan"), validators=[DataRequired(message=_l("Enter the plan of the contract.")),
                                                Length(max=120)])
    starts_on = JalaliDateField(_l("Starts on"), validators=[InputRequired(message=_l("Enter the start date."))],
                                render_kw={"dir": "ltr", "placeholder": "1405/01/01"})
    ends_on = JalaliDateField(_l("Ends on"), validators=[InputRequired(message=_l("Enter the end date."))],
                              render_kw={"dir": "ltr", "placeholder": "1405/12/29"})

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class InteractionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=_choices(INTERACTION_KIND_LABELS.items()))
    direction = SelectField(_l("Direction"), choices=_choices([("", "—"), *DIRECTION_LABELS.items()]),
                            validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(message=_l("Write what was said or done.")),
                                                       Length(max=4000)], render_kw={"rows": 3})


class FieldDefinitionForm(FlaskForm):
    label = StringField(_l("Field name"), validators=[DataRequired(message=_l("Enter a name for the field.")),
                                                      Length(max=120)])
    kind = SelectField(_l("Kind"), choices=_choices((k, FIELD_KIND_LABELS[k]) for k in FIELD_KINDS))
    options = TextAreaField(_l("Options (one per line)"), render_kw={"rows": 3})

    def validate_options(self, field):
        if self.kind.data == "choice" and not self.option_list():
            raise ValidationError(_l("A choice field needs at least one option."))

    def option_list(self):
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]


def custom_values_form(definitions, values):
    """A form with one input per custom field, filled with the customer's values."""

    class CustomValuesForm(FlaskForm):
        pass

    for definition in definitions:
        name = f"field_{definition.id}"
        label = definition.label
        if definition.kind == "date":
            field = JalaliDateField(label, validators=[Optional()], render_kw={"dir": "ltr"})
        elif definition.kind == "choice":
            field = SelectField(label, choices=_choices([("", "—")] + [(o, o) for o in definition.options]),
                                validators=[Optional()])
        elif definition.kind == "number":
            field = StringField(label, validators=[Optional(), _number], render_kw={"dir": "ltr", "inputmode": "decimal"})
        else:
            field = StringField(label, validators=[Optional(), Length(max=500)])
        setattr(CustomValuesForm, name, field)

    data = {f"field_{d.id}": services.display_value(d, values.get(d.id)) for d in definitions}
    form = CustomValuesForm(data=data)  # on a POST the submitted values win over these
    form.definitions = definitions
    return form


def _number(_form, field):
    try:
        services.to_stored_value(CustomFieldDefinition(kind="number"), field.data)
    except ValueError:
        raise ValidationError(_l("Enter a number.")) from None


def typed_custom_values(form) -> dict:
    return {d.id: getattr(form, f"field_{d.id}").data for d in form.definitions}
