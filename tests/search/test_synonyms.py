"""Synonyms staff edit at /admin/faq/synonyms apply to the FAQ search and the suggestions at query time."""
from portal.faq import finding
from portal.search import synonyms
from tests.conftest import page_text


def _article(db, question, answer="پاسخ"):
    from portal.faq import services

    category = services.create_category(name="حساب")
    return services.create_article(category=category, question=question, answer=answer, status="published")


def test_the_box_example_finds_the_password_article_through_a_synonym(db):
    article = _article(db, "رمز عبور را چطور تغییر دهم؟", "از منوی حساب من گزینهٔ تغییر رمز عبور را بزنید.")
    assert finding.search_articles("چطور گذرواژه‌ام را عوض کنم؟").items == []
    synonyms.replace_all([["رمز عبور", "گذرواژه", "پسورد"], ["تغییر", "عوض"]])
    assert [f.item.id for f in finding.search_articles("چطور گذرواژه‌ام را عوض کنم؟").items] == [article.id]
    assert [a.id for a in finding.suggest_articles("پسورد")] == [article.id]


def test_a_mistyped_entry_of_the_table_still_reaches_its_group(db):
    """«پسوورد» and «گذرواژع» are in no article: one letter off an entry of the table, they are read as it. A word an
    entry holds exactly is never read as its neighbour («پسورد» stays itself)."""
    article = _article(db, "رمز عبور را چطور تغییر دهم؟", "از منوی حساب من گزینهٔ تغییر رمز عبور را بزنید.")
    other = _article(db, "فراموشی نام کاربری", "نام کاربری در پیامک خوش‌آمد آمده است.")
    synonyms.replace_all([["رمز عبور", "گذرواژه", "پسورد"], ["نام کاربری", "یوزرنیم"]])
    for typed in ("پسوورد", "گذرواژع", "تغییر پسوورد"):
        assert [f.item.id for f in finding.search_articles(typed).items] == [article.id], typed
    assert [f.item.id for f in finding.search_articles("یوزرنیمم").items] == [other.id]
    assert finding.search_articles("کسوورد").items == []  # two letters off: another word


def test_parse_reads_lines_of_entries_and_drops_lone_words():
    assert synonyms.parse("رمز عبور، گذرواژه ,پسورد\n\nتنها\nنت,  اینترنت ") == [
        ["رمز عبور", "گذرواژه", "پسورد"], ["نت", "اینترنت"]]


def test_staff_edit_the_table_and_others_may_not(db, staff_client_for):
    editor = staff_client_for(role="supervisor")
    form = editor.get("/admin/faq/synonyms")
    assert form.status_code == 200
    response = editor.post("/admin/faq/synonyms", data={"synonyms": "قبض، صورتحساب\nنت, اینترنت"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert synonyms.current_groups() == [["قبض", "صورتحساب"], ["نت", "اینترنت"]]
    assert "قبض، صورتحساب" in page_text(editor.get("/admin/faq/synonyms"))
    assert staff_client_for(role="agent").get("/admin/faq/synonyms").status_code == 403


def test_a_line_too_long_is_refused_and_nothing_changes(db, staff_client_for):
    synonyms.replace_all([["قبض", "صورتحساب"]])
    editor = staff_client_for(role="supervisor")
    response = editor.post("/admin/faq/synonyms", data={"synonyms": "، ".join(["کلمه"] * 200)})
    assert response.status_code == 200
    assert synonyms.current_groups() == [["قبض", "صورتحساب"]]


def test_missing_default_groups_are_added_and_staff_edits_kept(db):
    synonyms.replace_all([["رمز عبور", "گذرواژه"], ["قبض", "صورتحساب"]])  # edited by staff: «پسورد» taken out
    added = synonyms.add_missing_defaults()
    groups = synonyms.current_groups()
    assert groups[:2] == [["رمز عبور", "گذرواژه"], ["قبض", "صورتحساب"]]
    assert added == len(groups) - 2 and ["هرزنامه", "اسپم", "spam", "جانک"] in groups
    assert not any("پسورد" in entries for entries in groups)
    assert synonyms.add_missing_defaults() == 0


def test_the_default_table_finds_the_box_example(db):
    article = _article(db, "رمز عبور را چطور تغییر دهم؟", "از منوی حساب من گزینهٔ تغییر رمز عبور را بزنید.")
    synonyms.add_missing_defaults()
    assert [f.item.id for f in finding.search_articles("چطور گذرواژه‌ام را عوض کنم؟").items] == [article.id]
    assert [f.item.id for f in finding.search_articles("پسوردمو چطوری عوض کنم").items] == [article.id]


def test_the_box_example_finds_the_password_article_first_in_the_demo_faq(app, db):
    """«عوض کنم» is «تغییر دهم»: the demo FAQ's password article comes before the one about changing a mobile,
    which shares the words «عوض» and «کنم» as typed."""
    from portal.faq import demo
    from portal.faq.transfer import import_faq
    from portal.search import sync

    import_faq(demo.as_import_data())
    synonyms.add_missing_defaults()
    sync.reindex(app)
    found = finding.search_articles("چطور گذرواژه‌ام را عوض کنم؟").items
    assert found[0].item.question == "چطور رمز عبور حساب کاربری را تغییر دهم؟"
