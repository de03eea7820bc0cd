"""Demo tickets for `make run`: help topics per department, canned replies, and believable Persian tickets in
every state and channel, with replies, internal notes, merges, a follow-up and satisfaction ratings.
Built through the services (so history, due times and notifications are real), then moved back in time."""
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from .models import CannedReply, Category, Ticket, TicketEvent, TicketMessage
from .services import assign, change_status, claim, merge, open_ticket, record_feedback, reply, set_priority, sla
from .services.workflow import _refresh_due

TOPICS = {
    "technical": ["قطعی یا کندی اینترنت", "مودم و تجهیزات", "ایمیل و هاستینگ"],
    "billing": ["صورتحساب و پرداخت", "تمدید سرویس", "بازگشت وجه"],
    "sales": ["خرید سرویس جدید", "ارتقای سرویس"],
}

CANNED = [
    ("خوشامد و دریافت درخواست", None,
     "{customer_name} عزیز، سلام\nدرخواست شما با شماره‌ی {ticket_number} را دریافت کردیم و در حال بررسی آن هستیم."
     "\n\nبا سپاس\n{agent_name}، {department}"),
    ("درخواست تست سرعت", "technical",
     "{customer_name} عزیز، لطفاً یک بار مودم را خاموش و روشن کنید، سپس از speedtest.net سرعت را بسنجید و "
     "تصویر نتیجه را همین‌جا پیوست کنید.\n\n{agent_name}"),
    ("ارسال فاکتور رسمی", "billing",
     "{customer_name} عزیز، فاکتور رسمی به ایمیل ثبت‌شده در پرونده‌ی شما فرستاده شد. اگر به دستتان نرسید، "
     "در همین تیکت ({ticket_number}) خبر دهید.\n\n{agent_name}، {department}"),
    ("پایان کار", None,
     "خوشحالیم که مشکل حل شد. اگر باز هم سؤالی داشتید، همین تیکت را دوباره باز کنید.\n{company}"),
]

# (customer index, topic, subject, body, channel, priority, hours ago, script)
# A script is a list of steps run in order: ("agent", body) a public reply, ("note", body) an internal note,
# ("customer", body), ("status", s), ("claim",), ("assign", email), ("priority", p), ("feedback", score, comment).
TICKETS = [
    (0, "قطعی یا کندی اینترنت", "قطعی کامل اینترنت از دیشب",
     "سلام، از ساعت ۱۱ دیشب اینترنت کاملاً قطع است و چراغ ADSL مودم چشمک می‌زند. لطفاً پیگیری کنید.",
     "portal", "urgent", 3, [("note", "در منطقه‌ی ونک قطعی گزارش شده؛ با تیم شبکه هماهنگ کردم.")]),
    (0, "قطعی یا کندی اینترنت", "سرعت دانلود خیلی پایین است",
     "سرعت دانلود من روی سرویس ۱۶ مگ حدود ۲ مگابیت است. شب‌ها بدتر هم می‌شود.", "portal", "normal", 30,
     [("claim",), ("agent", "زهرا موسوی عزیز، لطفاً یک بار مودم را خاموش و روشن کنید و نتیجه‌ی تست سرعت را بفرستید.")]),
    (0, "مودم و تجهیزات", "مودم بعد از به‌روزرسانی مدام ریست می‌شود",
     "از وقتی مودم به‌روزرسانی شده، هر نیم ساعت یک بار خودش ریست می‌شود.", "phone", "high", 76,
     [("claim",), ("agent", "فریمور مودم را به نسخه‌ی پایدار قبلی برگرداندیم. لطفاً تا فردا بررسی کنید."),
      ("customer", "از دیروز دیگر ریست نشده، ممنون."), ("status", "resolved"), ("feedback", 5, "خیلی سریع و دقیق بود.")]),
    (1, "ایمیل و هاستینگ", "ایمیل‌های شرکت به پوشه‌ی اسپم می‌روند",
     "ایمیل‌هایی که از دامنه‌ی شرکت می‌فرستیم در جیمیل مشتریان به اسپم می‌روند.", "email", "high", 6,
     [("assign", "agent@pishkhan.test"), ("note", "رکورد SPF دامنه ناقص است؛ DKIM هم تنظیم نشده."),
      ("agent", "رکورد SPF را اصلاح کردیم. برای DKIM باید کلید را در پنل دامنه‌ی خودتان ثبت کنید؛ راهنما پیوست است.")]),
    (2, "ایمیل و هاستینگ", "پنل هاستینگ باز نمی‌شود",
     "هنگام ورود به پنل هاستینگ خطای ۵۰۳ می‌گیرم.", "api", "normal", 260,
     [("claim",), ("agent", "سرور پنل دوباره راه‌اندازی شد. لطفاً دوباره امتحان کنید."), ("status", "closed"),
      ("feedback", 2, "دو روز طول کشید تا کسی جواب بدهد.")]),
    (3, "مودم و تجهیزات", "درخواست IP ثابت",
     "برای دوربین‌های مداربسته‌ی فروشگاه یک IP ثابت لازم دارم. هزینه‌اش چقدر است؟", "sms", "low", 1, []),
    (0, "قطعی یا کندی اینترنت", "باز هم اینترنت قطع شد",
     "اینترنت دوباره قطع است! تیکت قبلی را هم ثبت کرده بودم.", "portal", "normal", 2, [("merge", 0)]),
    (4, "صورتحساب و پرداخت", "مبلغ صورتحساب آبان دو برابر شده",
     "صورتحساب آبان ما دو برابر ماه‌های قبل است، در حالی که مصرف‌مان تغییری نکرده.", "portal", "high", 20,
     [("assign", "billing@pishkhan.test"),
      ("note", "هزینه‌ی ترافیک بین‌الملل دو بار محاسبه شده؛ باید اصلاحیه صادر شود."),
      ("agent", "بررسی کردیم؛ بخشی از هزینه دو بار حساب شده بود. اصلاحیه تا پایان هفته صادر می‌شود."),
      ("customer", "ممنون. لطفاً فاکتور اصلاحی را هم ایمیل کنید."), ("status", "open")]),
    (0, "صورتحساب و پرداخت", "درخواست فاکتور رسمی",
     "برای ارائه به حسابداری شرکت، فاکتور رسمی سه ماه اخیر را لازم دارم.", "portal", "normal", 50,
     [("assign", "billing@pishkhan.test"), ("agent", "فاکتورهای رسمی مهر تا آذر به ایمیل شما فرستاده شد."),
      ("status", "resolved")]),
    (5, "تمدید سرویس", "پرداخت کردم ولی سرویس تمدید نشد",
     "دیروز مبلغ تمدید را پرداخت کردم اما سرویس هنوز قطع است. کد پیگیری بانک: ۸۸۲۳۴۱", "phone", "urgent", 5,
     [("assign", "billing@pishkhan.test"),
      ("agent", "لطفاً تصویر رسید پرداخت را بفرستید تا با بانک تطبیق دهیم.")]),
    (6, "بازگشت وجه", "بازگشت وجه سرویس لغوشده",
     "سرویس را در هفته‌ی اول لغو کردم و طبق قرارداد باید وجه برگردد.", "portal", "normal", 24 * 40,
     [("assign", "billing@pishkhan.test"), ("agent", "مبلغ به حساب شما واریز شد."), ("status", "closed"),
      ("feedback", 4, None)]),
    (6, "بازگشت وجه", "پیگیری بازگشت وجه",
     "مبلغ واریزشده کمتر از مبلغ پرداختی است؛ لطفاً بررسی کنید.", "portal", "normal", 8, [("follows", 10)]),
    (0, "ارتقای سرویس", "ارتقای سرویس به ۱۰۰ مگابیت",
     "می‌خواهم سرویسم را به فیبر ۱۰۰ مگابیت ارتقا دهم. در محله‌ی ما امکانش هست؟", "webform", "normal", 50, []),
    (7, "خرید سرویس جدید", "قیمت سرویس سازمانی برای ۵۰ کاربر",
     "برای دفتر جدیدمان با ۵۰ کاربر، سرویس اینترنت سازمانی و هاستینگ ایمیل می‌خواهیم.", "email", "normal", 24 * 6,
     [("assign", "admin@pishkhan.test"), ("agent", "پیش‌فاکتور سرویس سازمانی برایتان ایمیل شد."),
      ("customer", "دریافت کردیم، ممنون."), ("status", "closed"), ("feedback", 4, "پاسخ کامل بود.")]),
    (1, "خرید سرویس جدید", "سرویس اینترنت برای شعبه‌ی دوم", "برای شعبه‌ی دوم شرکت در کرج سرویس اینترنت لازم داریم.",
     "phone", "high", 28, [("note", "مشتری قدیمی و خوش‌حساب است؛ تخفیف ۱۰٪ قابل پیشنهاد است.")]),
]


def seed(context):
    if db.session.scalar(select(Ticket.id).limit(1)) is not None:
        return
    departments, staff, customers = context["departments"], context["staff"], context["customers"]
    topics = {}
    for code, names in TOPICS.items():
        for position, name in enumerate(names):
            topics[name] = Category(name=name, department=departments[code], position=position)
            db.session.add(topics[name])
    topics["قطعی یا کندی اینترنت"].sla_targets = {"urgent": [0.5, 4], "high": [1, 8]}
    for title, department, body in CANNED:
        db.session.add(CannedReply(title=title, body=body, department=departments[department] if department else None))
    db.session.commit()

    owner = {"technical": staff["agent@pishkhan.test"], "billing": staff["billing@pishkhan.test"],
             "sales": staff["admin@pishkhan.test"]}
    opened = []
    for index, topic, subject, body, channel, priority, hours_ago, script in TICKETS:
        customer, category = customers[index], topics[topic]
        agent = owner[category.department.code]
        follows = next((opened[s[1]] for s in script if s[0] == "follows"), None)
        ticket = open_ticket(customer, subject=subject, body=body, category=category, channel=channel,
                             priority=priority, created_by=agent if channel in ("phone", "sms", "email") else None,
                             follows_up=follows)
        for step in script:
            kind = step[0]
            if kind == "agent":
                reply(ticket, author=agent, body=step[1])
            elif kind == "note":
                reply(ticket, author=agent, body=step[1], internal=True)
            elif kind == "customer":
                reply(ticket, author=customer, body=step[1])
            elif kind == "status":
                if step[1] == "closed" and ticket.status in ("new", "open", "waiting"):
                    change_status(ticket, "resolved", actor=agent)
                change_status(ticket, step[1], actor=agent)
            elif kind == "claim":
                claim(ticket, agent)
            elif kind == "assign":
                assign(ticket, staff[step[1]], actor=staff["supervisor@pishkhan.test"])
            elif kind == "priority":
                set_priority(ticket, step[1], actor=agent)
            elif kind == "feedback":
                record_feedback(ticket, customer, score=step[1], comment=step[2])
            elif kind == "merge":
                merge(ticket, opened[step[1]], actor=staff["supervisor@pishkhan.test"])
        _move_back(ticket, timedelta(hours=hours_ago))
        opened.append(ticket)
    # The customer has not read the newest reply on one ticket: it shows as unread.
    opened[1].customer_seen_at = opened[1].created_at
    db.session.commit()


def _move_back(ticket, delta):
    """Shift the ticket's whole story into the past, keeping its order, then recompute its due times."""
    for name in ("created_at", "last_activity_at", "customer_seen_at", "first_response_at", "resolved_at",
                 "closed_at"):
        value = getattr(ticket, name)
        if value is not None:
            setattr(ticket, name, value - delta)
    for message in db.session.scalars(select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)):
        message.created_at -= delta  # in Python: SQLite cannot subtract from a stored datetime
    for event in db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)):
        event.at -= delta
    if ticket.feedback is not None:
        ticket.feedback.created_at -= delta
        ticket.feedback.updated_at = ticket.feedback.created_at
    targets = sla.ticket_targets(ticket.priority, ticket.category)
    ticket.first_response_due_at, ticket.resolution_due_at = sla.due_times(ticket.created_at, targets, sla.calendar())
    _refresh_due(ticket)
    db.session.commit()
