import pytest


@pytest.fixture
def make_faq_category(db):
    from portal.faq import services

    def make(name="حساب کاربری", **fields):
        return services.create_category(name=name, **fields)

    return make


@pytest.fixture
def make_article(db, make_faq_category):
    """make_article(question, answer, status="published", category=None): written through the service, so indexed."""
    from portal.faq import services

    def make(question="پرسش آزمایشی", answer="پاسخ آزمایشی", status="published", category=None, **fields):
        return services.create_article(category=category or make_faq_category(), question=question, answer=answer,
                                       status=status, **fields)

    return make


@pytest.fixture
def faq_editor_client(staff_client_for):
    return staff_client_for(role="supervisor")
