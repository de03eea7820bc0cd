"""Deflection counting, votes, promote-a-ticket and JSON import/export."""
from datetime import timedelta

import pytest

from portal.faq import services, transfer
from portal.tickets import faq_promotion as promote
from portal.faq.rendering import plain_text
from portal.models_base import utcnow
from portal.tickets.models import TicketMessage


def test_deflection_counts_sessions_that_did_not_open_a_ticket(db, make_article):
    article = make_article()
    now = utcnow()
    for token, minutes_ago in (("kept", 90), ("left", 45), ("left", 50), ("fresh", 5)):
        opened = services.record_suggestion_open(token, article)
        opened.opened_at = now - timedelta(minutes=minutes_ago)
    db.session.commit()
    converted = services.record_suggestion_open("converted", article)
    assert services.mark_ticket_submitted("converted") == 1
    assert services.mark_ticket_submitted(None) == 0
    stats = services.deflection_stats(now - timedelta(days=1), now=now + timedelta(seconds=1), window_minutes=30)
    assert (stats.opens, stats.sessions, stats.converted, stats.deflected, stats.pending) == (5, 4, 1, 2, 1)
    assert stats.rate == pytest.approx(2 / 3)
    assert converted.converted is True


def test_an_old_open_is_not_converted_by_a_late_ticket(db, make_article):
    opened = services.record_suggestion_open("token", make_article())
    opened.opened_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    assert services.mark_ticket_submitted("token", window_minutes=30) == 0


def test_votes_are_counted_once_per_voter(make_article):
    article = make_article()
    services.vote(article, "customer:1", True)
    services.vote(article, "customer:1", False)
    services.vote(article, "session:abc", True)
    assert services.vote_counts(article) == (1, 1)
    assert services.vote_of(article, "customer:1") is False


def test_promote_takes_the_public_reply_and_never_an_internal_note(db, make_ticket, make_staff, make_faq_category):
    agent = make_staff(role="supervisor")
    ticket = make_ticket(subject="ایمیل‌ها به اسپم می‌روند", body="ایمیل‌های ما به پوشهٔ اسپم مشتری می‌رسند. چه کنیم؟",
                         status="resolved")
    ticket.messages += [
        TicketMessage(author_staff_id=agent.id, body="رکوردهای SPF و DKIM را تنظیم کنید."),
        TicketMessage(author_staff_id=agent.id, body="یادداشت داخلی: مشتری بدحساب است.", is_internal=True),
    ]
    db.session.commit()
    assert promote.promotable_ticket(agent, ticket.number) == ticket
    draft = promote.draft_from_ticket(ticket)
    assert draft["question"].startswith("ایمیل‌ها به اسپم می‌روند")
    assert "پوشهٔ اسپم" in draft["question"]
    assert draft["answer"] == "رکوردهای SPF و DKIM را تنظیم کنید."
    article = promote.promote_ticket(ticket, category=make_faq_category(), actor=agent, **draft)
    assert (article.status, article.source_ticket_id) == ("draft", ticket.id)


def test_an_open_ticket_cannot_be_promoted(make_ticket, make_staff):
    ticket = make_ticket(status="open")
    assert promote.promotable_ticket(make_staff(role="supervisor"), ticket.number) is None


def test_export_then_import_round_trips_and_updates_in_place(db, make_article, make_faq_category):
    make_article("پرسش یک", "**پاسخ** یک", category=make_faq_category(name="دسته"))
    data = transfer.export_faq()
    assert data["categories"][0]["articles"][0] == {"question": "پرسش یک", "answer": "**پاسخ** یک",
                                                   "status": "published", "position": 0}
    data["categories"][0]["articles"].append({"question": "پرسش دو", "answer": "پاسخ دو"})
    report = transfer.import_faq(data)
    assert (report.categories_created, report.articles_created, report.articles_updated) == (0, 1, 1)
    assert len(transfer.export_faq()["categories"][0]["articles"]) == 2


def test_a_bad_import_changes_nothing_and_says_where(db):
    bad = {"version": 1, "categories": [{"name": "الف", "articles": [{"question": "", "answer": "x"}]}]}
    with pytest.raises(transfer.ImportProblem, match="category 1, article 1: question is required"):
        transfer.import_faq(bad)
    assert transfer.export_faq()["categories"] == []


def test_plain_text_drops_markup():
    assert plain_text("## سلام\n\n**رمز** & <b>x</b>") == "سلام رمز & <b>x</b>"
