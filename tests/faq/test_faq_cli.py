"""faq-export, faq-import and reindex."""
import json
import shutil

import pytest

from portal.faq import finding


@pytest.mark.app_config(PORTAL_SEARCH_BACKEND="whoosh")  # removes the index directory
def test_export_import_and_reindex(app, db, make_article, tmp_path):
    make_article("تمدید دامنه", "از پنل تمدید کنید.")
    runner = app.test_cli_runner()
    out = tmp_path / "faq.json"
    assert runner.invoke(args=["faq-export", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["categories"].append({"name": "ایمیل", "articles": [{"question": "تنظیم اسپم", "answer": "SPF"}]})
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["faq-import", str(out)])
    assert result.exit_code == 0, result.output
    assert "articles created: 1" in result.output
    shutil.rmtree(app.config["PORTAL_SEARCH_INDEX_DIR"])
    assert finding.search_articles("اسپم").unavailable
    result = runner.invoke(args=["reindex"])
    assert "articles: 2 documents indexed" in result.output
    assert [f.item.question for f in finding.search_articles("اسپم").items] == ["تنظیم اسپم"]


def test_a_broken_file_imports_nothing(app, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "categories": [{"name": ', encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["faq-import", str(bad)])
    assert result.exit_code != 0 and "nothing imported" in result.output
