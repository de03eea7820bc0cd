"""Forms of the NPS survey: the customer's answer and the admin's run."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .filters import choices
from .surveys import AUDIENCES, SCORES


class SurveyAnswerForm(FlaskForm):
    score = RadioField(_l("How likely are you to recommend us to a friend or colleague?"),
                       choices=choices((s, str(s)) for s in SCORES), coerce=int,
                       validators=[InputRequired(message=_l("Choose a score from 0 to 10."))])
    comment = TextAreaField(_l("What is the main reason for your score? (optional)"),
                            validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})


class RunSurveyForm(FlaskForm):
    audience = SelectField(_l("Who is asked"), choices=choices(AUDIENCES.items()))
    resolved_days = IntegerField(_l("Ticket resolved within (days)"), default=30,
                                 validators=[Optional(), NumberRange(min=1, max=3650)])
    gap_days = IntegerField(_l("Ask the same customer at most once in (days)"), default=90,
                            validators=[InputRequired(message=_l("Enter a number of days.")),
                                        NumberRange(min=1, max=3650)])


REPEATS = {"every": _l("Every few days"), "jalali": _l("On a day of each Jalali month")}


class ScheduleForm(RunSurveyForm):
    """A repeating survey: who and how often a customer may be asked (as a survey sent now), and when it goes out."""

    repeat = SelectField(_l("Repeat"), choices=choices(REPEATS.items()))
    every_days = IntegerField(_l("Every (days)"), default=30, validators=[Optional(), NumberRange(min=1, max=366)])
    jalali_day = IntegerField(_l("Day of the Jalali month"), default=1, validators=[Optional(), NumberRange(min=1, max=31)])
