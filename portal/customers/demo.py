"""Demo profiles: contracts in every state, a history of calls and visits, custom fields and NPS answers."""
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models_base import utcnow
from . import services
from .models import CustomFieldDefinition, Interaction, NpsResponse, SupportContract

FIELDS = [
    ("نوع مشتری", "choice", ["حقیقی", "حقوقی"]),
    ("شهر", "text", []),
    ("تعداد سرویس‌ها", "number", []),
    ("تاریخ تمدید قرارداد", "date", []),
]

INTERACTIONS = [
    ("call", "in", "درباره‌ی کندی اینترنت در ساعات شب پرسید؛ راهنمایی شد مودم را ریستارت کند."),
    ("sms", "out", "یادآوری تمدید سرویس برای مشتری فرستاده شد."),
    ("visit", "in", "برای امضای قرارداد پشتیبانی سالانه به دفتر آمد."),
    ("email", "out", "پیش‌فاکتور ارتقای سرویس میزبانی فرستاده شد."),
    ("note", None, "مشتری ترجیح می‌دهد عصرها با او تماس گرفته شود."),
]


def seed(context):
    if db.session.scalar(select(SupportContract.id).limit(1)) is not None:
        return  # already seeded
    customers = context["customers"]
    staff = list(context["staff"].values())
    admin = staff[0]
    today = services.local_today()

    definitions = {d.label: d for d in db.session.scalars(select(CustomFieldDefinition))}
    for label, kind, options in FIELDS:
        if label not in definitions:
            definitions[label] = services.define_custom_field(label=label, kind=kind, options=options, actor=admin)

    plans = [
        ("پشتیبانی طلایی میزبانی", today - timedelta(days=200), today + timedelta(days=165)),  # active
        ("پشتیبانی اینترنت سازمانی", today - timedelta(days=340), today + timedelta(days=12)),  # expiring
        ("پشتیبانی پایه", today - timedelta(days=400), today - timedelta(days=35)),  # expired
    ]
    now = utcnow()
    for index, customer in enumerate(customers):
        title, starts_on, ends_on = plans[index % len(plans)]
        db.session.add(SupportContract(customer_id=customer.id, title=title, starts_on=starts_on, ends_on=ends_on,
                                       created_by_id=admin.id))
        for n, (kind, direction, summary) in enumerate(INTERACTIONS[: 2 + index % 4]):
            db.session.add(Interaction(customer_id=customer.id, kind=kind, direction=direction, summary=summary,
                                       staff_id=staff[(index + n) % len(staff)].id,
                                       at=now - timedelta(days=3 * n + index, hours=n)))
        db.session.add(NpsResponse(customer_id=customer.id, score=(9, 10, 7, 4, 8, 6, 10, 3)[index % 8],
                                   comment=("از سرعت پاسخ‌گویی راضی‌ام." if index % 2 == 0 else None),
                                   at=now - timedelta(days=20 + index)))
        services.set_custom_field_values(customer, {
            definitions["نوع مشتری"].id: "حقوقی" if "شرکت" in customer.full_name else "حقیقی",
            definitions["شهر"].id: ("تهران", "اصفهان", "شیراز", "مشهد", "تبریز")[index % 5],
            definitions["تعداد سرویس‌ها"].id: str(1 + index % 3),
            definitions["تاریخ تمدید قرارداد"].id: ends_on,
        }, actor=admin)
    db.session.commit()
