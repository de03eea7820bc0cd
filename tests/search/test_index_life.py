"""The index survives concurrent writers in separate processes, and a missing or damaged index is reported."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portal.search import IndexSettings, IndexUnavailable, Source, index
from portal.search.schemas import article_schema

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from portal.search import IndexSettings, Source, index
    from portal.search.schemas import article_schema

    directory, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    load = lambda ids: {i: {"question": f"پرسش شماره {i}", "answer": "پاسخ", "category": "", "status": "published"}
                        for i in ids}
    source = Source("articles", article_schema(), load, lambda: [])
    settings = IndexSettings(directory, lock_timeout=30)
    for doc_id in range(first, first + count):
        index.apply(settings, source, [doc_id])  # one commit per document: as many lock fights as possible
""")


def _source(docs):
    return Source("articles", article_schema(), lambda ids: {i: docs.get(i) for i in ids}, lambda: sorted(docs))


def _doc(text):
    return {"question": text, "answer": "", "category": "", "status": "published"}


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    settings = IndexSettings(str(tmp_path / "index"))
    index.rebuild(settings, _source({}))
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    writers = [subprocess.Popen([sys.executable, str(script), settings.directory, str(first), "40"],
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
               for first in (1, 1001)]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    with index.searcher(settings, "articles") as s:
        stored = {int(fields["id"]) for fields in s.all_stored_fields()}
    assert stored == set(range(1, 41)) | set(range(1001, 1041))


def test_missing_index_is_unavailable_for_reading_and_rebuilt_on_the_next_change(tmp_path):
    settings = IndexSettings(str(tmp_path / "index"))
    with pytest.raises(IndexUnavailable):
        index.document_count(settings, "articles")
    docs = {1: _doc("اول"), 2: _doc("دوم")}
    index.apply(settings, _source(docs), [2])
    assert index.document_count(settings, "articles") == 2  # healed with everything, not only the change


def test_damaged_index_is_unavailable_and_rebuild_mends_it(tmp_path):
    settings = IndexSettings(str(tmp_path / "index"))
    source = _source({1: _doc("اول")})
    index.rebuild(settings, source)
    for toc in (Path(settings.directory) / "articles").glob("*.toc"):
        toc.write_bytes(b"not an index")
    with pytest.raises(IndexUnavailable):
        index.document_count(settings, "articles")
    assert index.rebuild(settings, source) == 1
    assert index.document_count(settings, "articles") == 1


def test_a_removed_row_leaves_the_index(tmp_path):
    settings = IndexSettings(str(tmp_path / "index"))
    docs = {1: _doc("اول"), 2: _doc("دوم")}
    index.rebuild(settings, _source(docs))
    del docs[1]
    index.apply(settings, _source(docs), [1])
    assert index.document_count(settings, "articles") == 1


def test_a_rebuild_with_several_writer_processes_holds_every_document_and_takes_changes(tmp_path):
    load = lambda ids: {i: {"question": f"پرسش شماره {i}", "answer": "پاسخ", "category": "", "status": "published"}
                        for i in ids}
    source = Source("articles", article_schema(), load, lambda: range(1, 301))
    settings = IndexSettings(str(tmp_path / "index"))
    assert index.rebuild(settings, source, batch_size=50, procs=2) == 300
    assert index.document_count(settings, "articles") == 300
    index.apply(settings, source, [301])  # the unmerged segments take later changes as any index does
    assert set(index.stored_digests(settings, "articles")) == set(range(1, 302))


def test_a_searcher_is_kept_while_the_index_is_unchanged_and_replaced_after_any_change(tmp_path):
    settings = IndexSettings(str(tmp_path / "index"))
    docs = {1: _doc("اول")}
    index.rebuild(settings, _source(docs))
    with index.searcher(settings, "articles") as first:
        assert first.doc_count() == 1
    with index.searcher(settings, "articles") as again:
        assert again is first
    docs[2] = _doc("دوم")
    index.apply(settings, _source(docs), [2])  # a commit right after the read: seen at once
    with index.searcher(settings, "articles") as after_change:
        assert after_change is not first and after_change.doc_count() == 2
    docs.pop(1)
    index.rebuild(settings, _source(docs))  # a new directory, its table of contents numbered afresh
    with index.searcher(settings, "articles") as after_rebuild:
        assert after_rebuild.doc_count() == 1
        assert [f["id"] for f in after_rebuild.all_stored_fields()] == ["2"]
