from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ..persian import to_ascii_digits
from .models import DRAFT, PUBLISHED


class DigitsIntegerField(IntegerField):
    """A whole number typed in Persian, Arabic-Indic or ASCII digits."""

    def process_formdata(self, valuelist):
        super().process_formdata([to_ascii_digits(v).strip() for v in valuelist])


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = StringField(_l("Short description"), validators=[Optional(), Length(max=300)])
    position = DigitsIntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=10000)])


def status_choices():
    return [(DRAFT, _l("Draft")), (PUBLISHED, _l("Published"))]


class ArticleForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    question = StringField(_l("Question"), validators=[DataRequired(), Length(max=300)])
    answer = TextAreaField(_l("Answer (Markdown)"), validators=[DataRequired(), Length(max=20000)],
                           render_kw={"rows": 12})
    status = SelectField(_l("Status"), choices=status_choices, default=DRAFT)
    position = DigitsIntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=10000)])


class PromoteForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    question = StringField(_l("Question"), validators=[DataRequired(), Length(max=300)])
    answer = TextAreaField(_l("Answer (Markdown)"), validators=[DataRequired(), Length(max=20000)],
                           render_kw={"rows": 10})


class VoteForm(FlaskForm):
    helpful = HiddenField(validators=[AnyOf(["yes", "no"])])


class SynonymsForm(FlaskForm):
    synonyms = TextAreaField(_l("Synonyms: one group per line, entries separated by commas"),
                             validators=[Length(max=200_000)])
