"""Support contracts, interactions, custom fields and NPS answers: plain arguments in, rows out."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from ..persian import normalize_letters
from .models import (DIRECTIONS, FIELD_KINDS, INTERACTION_KINDS, CustomFieldDefinition, CustomFieldValue,
                     Interaction, NpsResponse, SupportContract)

EXPIRING_WITHIN = timedelta(days=30)

ACTIVE, EXPIRING, EXPIRED, UPCOMING, NONE = "active", "expiring", "expired", "upcoming", "none"


@dataclass(frozen=True)
class SupportStatus:
    status: str  # active, expiring (within 30 days), expired, or none
    ends_on: date | None

    @property
    def needs_warning(self) -> bool:
        return self.status in (EXPIRING, EXPIRED)


def local_today() -> date:
    zone = current_app.config.get("PORTAL_TIMEZONE", "Asia/Tehran") if has_app_context() else "Asia/Tehran"
    return datetime.now(ZoneInfo(zone)).date()


def contract_status(contract, today=None) -> str:
    today = today or local_today()
    if contract.starts_on > today:
        return UPCOMING
    if contract.ends_on < today:
        return EXPIRED
    return EXPIRING if contract.ends_on - today <= EXPIRING_WITHIN else ACTIVE


def support_status(customer, today=None) -> SupportStatus:
    """The customer's support as a ticket page needs it: one query, whatever the number of contracts."""
    today = today or local_today()
    rows = db.session.execute(
        select(SupportContract.starts_on, SupportContract.ends_on)
        .where(SupportContract.customer_id == customer.id, SupportContract.starts_on <= today)).all()
    if not rows:
        return SupportStatus(NONE, None)
    current = [ends for starts, ends in rows if ends >= today]
    if current:
        ends_on = max(current)
        return SupportStatus(EXPIRING if ends_on - today <= EXPIRING_WITHIN else ACTIVE, ends_on)
    return SupportStatus(EXPIRED, max(ends for _starts, ends in rows))


def add_contract(customer, *, title, starts_on, ends_on, actor) -> SupportContract:
    if ends_on < starts_on:
        raise ValueError("a contract cannot end before it starts")
    contract = SupportContract(customer_id=customer.id, title=" ".join(title.split()), starts_on=starts_on,
                               ends_on=ends_on, created_by_id=getattr(actor, "id", None))
    db.session.add(contract)
    db.session.flush()
    audit.record(actor, "customer.contract_added", customer, contract_id=contract.id, title=contract.title,
                 starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    db.session.commit()
    return contract


def log_interaction(customer, *, kind, summary, actor, direction=None, at=None) -> Interaction:
    if kind not in INTERACTION_KINDS:
        raise ValueError(f"unknown interaction kind {kind!r}")
    if direction not in DIRECTIONS:
        direction = None
    if kind == "note":
        direction = None
    interaction = Interaction(customer_id=customer.id, kind=kind, direction=direction, summary=summary.strip(),
                              staff_id=getattr(actor, "id", None), at=at or utcnow())
    db.session.add(interaction)
    db.session.flush()
    audit.record(actor, "customer.interaction_logged", customer, interaction_id=interaction.id, kind=kind)
    db.session.commit()
    return interaction


def record_nps(customer, *, score, comment=None, at=None) -> NpsResponse:
    if not 0 <= int(score) <= 10:
        raise ValueError("an NPS score is from 0 to 10")
    response = NpsResponse(customer_id=customer.id, score=int(score), comment=(comment or "").strip() or None,
                           at=at or utcnow())
    db.session.add(response)
    db.session.commit()
    return response


# ---- custom fields -----------------------------------------------------------------------------

def active_field_definitions() -> list[CustomFieldDefinition]:
    return list(db.session.scalars(select(CustomFieldDefinition).where(CustomFieldDefinition.is_active.is_(True))
                                   .order_by(CustomFieldDefinition.position, CustomFieldDefinition.id)))


def define_custom_field(*, label, kind, options=(), actor) -> CustomFieldDefinition:
    if kind not in FIELD_KINDS:
        raise ValueError(f"unknown field kind {kind!r}")
    options = [" ".join(o.split()) for o in options if o and o.strip()] if kind == "choice" else []
    if kind == "choice" and not options:
        raise ValueError("a choice field needs options")
    position = (db.session.scalar(select(db.func.max(CustomFieldDefinition.position))) or 0) + 1
    definition = CustomFieldDefinition(label=" ".join(label.split()), kind=kind, options=options, position=position)
    db.session.add(definition)
    db.session.flush()
    audit.record(actor, "custom_field.created", definition, label=definition.label, kind=kind)
    db.session.commit()
    return definition


def custom_field_values(customer) -> dict[int, str]:
    """definition id -> stored text for this customer."""
    return dict(db.session.execute(select(CustomFieldValue.definition_id, CustomFieldValue.value)
                                   .where(CustomFieldValue.customer_id == customer.id)).all())


def to_stored_value(definition, value) -> str | None:
    """The text stored for a typed value; None clears the field. Raises ValueError on a bad value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if definition.kind == "number":
        try:
            number = Decimal(normalize_letters(str(value)).strip().replace("٫", ".").replace(",", ""))
        except InvalidOperation:
            raise ValueError("not a number") from None
        if not number.is_finite():
            raise ValueError("not a number")
        return format(number.normalize(), "f")
    if definition.kind == "date":
        if not isinstance(value, date):
            raise ValueError("not a date")
        return value.isoformat()
    if definition.kind == "choice":
        if value not in definition.options:
            raise ValueError("not one of the options")
        return value
    return " ".join(str(value).split())[:500]


def set_custom_field_values(customer, values: dict, *, actor) -> list[str]:
    """values: definition id -> typed value (None clears). Returns the labels of the fields that changed."""
    definitions = {d.id: d for d in active_field_definitions()}
    current = {v.definition_id: v for v in db.session.scalars(
        select(CustomFieldValue).where(CustomFieldValue.customer_id == customer.id))}
    changed = []
    for definition_id, typed in values.items():
        definition = definitions.get(definition_id)
        if definition is None:
            continue
        stored = to_stored_value(definition, typed)
        row = current.get(definition_id)
        if row is not None and stored is None:
            db.session.delete(row)
        elif row is not None and row.value != stored:
            row.value = stored
        elif row is None and stored is not None:
            db.session.add(CustomFieldValue(customer_id=customer.id, definition_id=definition_id, value=stored))
        else:
            continue
        changed.append(definition.label)
    if changed:
        audit.record(actor, "customer.fields_changed", customer, fields=changed)
    db.session.commit()
    return changed


def display_value(definition, stored):
    """A stored value as its Python type, for templates (dates stay dates so jdate can format them)."""
    if stored is None:
        return None
    if definition.kind == "date":
        return date.fromisoformat(stored)
    return stored
