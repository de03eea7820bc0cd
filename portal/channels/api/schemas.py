"""What the API reads and writes; flask-smorest turns these into the OpenAPI document."""
from flask import g
from marshmallow import Schema, fields, validate

from ... import security
from ...customers.models import DIRECTIONS, INTERACTION_KINDS
from ...tickets.models import CHANNELS, PRIORITIES, STATUSES
from ...tickets.services.queries import ASSIGNEE_FILTERS, QUEUE_STATUSES
from .fields import UtcDateTime


class ProblemSchema(Schema):
    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True, metadata={"description": "What went wrong, in the portal's language"})
    status = fields.Integer(required=True)
    detail = fields.String(metadata={"description": "More about this case"})
    errors = fields.Raw(metadata={"description": "Field name -> messages, for invalid input",
                                  "type": "object"})


# --- tickets ---------------------------------------------------------------------------------------

def _assignee(ticket):
    """Who works on the ticket, for staff; a customer's token sees null, as the customer pages name no one."""
    if ticket.assignee is None or not security.is_staff(g.get("api_user")):
        return None
    return {"id": ticket.assignee.id, "name": ticket.assignee.full_name}


class TicketListArgs(Schema):
    status = fields.String(load_default="active", validate=validate.OneOf(tuple(QUEUE_STATUSES)),
                           metadata={"description": "active (new, open, waiting), all, or one status"})
    department = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    category = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    assignee = fields.String(load_default="any", validate=validate.OneOf(ASSIGNEE_FILTERS))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    overdue = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "next_cursor of the previous page"})


class NamedRef(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class TicketSummary(Schema):
    number = fields.String(required=True)
    subject = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    channel = fields.String(required=True)
    customer_number = fields.Function(lambda t: t.customer.number, required=True, metadata={"type": "string"})
    department = fields.Nested(NamedRef, required=True)
    category = fields.Nested(NamedRef, allow_none=True, required=True)
    assignee = fields.Function(_assignee, allow_none=True, required=True, metadata={"type": "object", "properties": {
                                   "id": {"type": "integer"}, "name": {"type": "string"}},
                                   "required": ["id", "name"]})
    created_at = UtcDateTime(required=True)
    last_activity_at = UtcDateTime(required=True)
    sla_due_at = UtcDateTime(allow_none=True, required=True)
    overdue = fields.Boolean(attribute="is_overdue", required=True)


class TicketPage(Schema):
    items = fields.List(fields.Nested(TicketSummary), required=True)
    next_cursor = fields.String(allow_none=True, required=True,
                                metadata={"description": "pass as ?cursor= for the next page; null on the last"})


class AttachmentOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(attribute="original_name", required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)


class MessageOut(Schema):
    id = fields.Integer(required=True)
    author_kind = fields.Function(lambda m: "staff" if m.from_staff else "customer", required=True,
                                  metadata={"type": "string", "enum": ["staff", "customer"]})
    author_name = fields.Function(
        lambda m: (m.author_staff.full_name if m.author_staff else "") if m.from_staff
        else (m.author_customer.full_name if m.author_customer else ""), required=True,
        metadata={"type": "string"})
    body = fields.String(required=True)
    internal = fields.Boolean(attribute="is_internal", required=True)
    channel = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    attachments = fields.List(fields.Nested(AttachmentOut), required=True)


class TicketDetail(TicketSummary):
    messages = fields.List(fields.Nested(MessageOut), required=True)


class TicketCreate(Schema):
    customer = fields.String(validate=validate.Length(min=1, max=254), metadata={
        "description": "any identifier of the customer (number, mobile, national code, e-mail, username); "
                       "staff only, a customer's token opens the ticket for that customer"})
    subject = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    category_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    priority = fields.String(load_default="normal", validate=validate.OneOf(PRIORITIES),
                             metadata={"description": "staff only; a customer's ticket is always normal"})


class ReplyIn(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    status = fields.String(validate=validate.OneOf(STATUSES),
                           metadata={"description": "staff only: the status after the reply"})


class NoteIn(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    status = fields.String(validate=validate.OneOf(STATUSES))


class TicketChange(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    assignee_id = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=2**31 - 1),
                                 metadata={"description": "a staff id, or null for the department's queue"})


# --- customers, interactions, FAQ -----------------------------------------------------------------

class CustomerLookupArgs(Schema):
    identifier = fields.String(required=True, validate=validate.Length(min=1, max=254), metadata={
        "description": "customer number, mobile, national code, e-mail or username; digits in any script"})


class CustomerOut(Schema):
    number = fields.String(required=True)
    full_name = fields.String(required=True)
    mobile = fields.String(required=True, metadata={"description": "masked unless the token's owner may see it"})
    national_code = fields.String(required=True)
    email = fields.String(required=True)
    username = fields.String(required=True)
    masked = fields.List(fields.String(), required=True, metadata={"description": "fields shown masked"})
    created_at = UtcDateTime(required=True)


class InteractionIn(Schema):
    customer = fields.String(required=True, validate=validate.Length(min=1, max=254), metadata={
        "description": "any identifier of the customer: the caller's mobile, customer number, national code ..."})
    kind = fields.String(load_default="call", validate=validate.OneOf(INTERACTION_KINDS))
    direction = fields.String(allow_none=True, validate=validate.OneOf(DIRECTIONS))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    at = UtcDateTime(metadata={"description": "when it happened (with its offset); now if left out"})


class InteractionOut(Schema):
    id = fields.Integer(required=True)
    customer_number = fields.Function(lambda i: i.customer_number, required=True, metadata={"type": "string"})
    kind = fields.String(required=True)
    direction = fields.String(allow_none=True, required=True)
    summary = fields.String(required=True)
    at = UtcDateTime(required=True)


class FaqSearchArgs(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1000))


class FaqHit(Schema):
    id = fields.Integer(required=True)
    question = fields.String(required=True)
    snippet = fields.String(required=True, metadata={"description": "plain text around the matched words"})
    url = fields.String(required=True)


class FaqResults(Schema):
    query = fields.String(required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    items = fields.List(fields.Nested(FaqHit), required=True)
    did_you_mean = fields.String(allow_none=True, required=True)
