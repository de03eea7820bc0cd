"""Attachments: limits from config, random names on disk, cleaned display names, served only as downloads."""
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from portal.tickets import services
from portal.tickets.models import Attachment
from portal.tickets.services.attachments import clean_filename, served_type
from tests.conftest import page_text


@pytest.mark.parametrize("raw, clean", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("/abs/path/report.pdf", "report.pdf"),
    ("..", "file"),
    ("", "file"),
    (None, "file"),
    (".htaccess", "htaccess"),
    ("invoice\u202egpj.exe", "invoicegpj.exe"),  # right-to-left override: cannot disguise the extension
    ("re\u200bport\ufeff.pdf", "report.pdf"),  # zero-width space, BOM
    ("گزارش\u200cماهانه.pdf", "گزارش\u200cماهانه.pdf"),  # ZWNJ is Persian spelling: kept
    ("a<b>c:d\"e|f?g*.txt", "a_b_c_d_e_f_g_.txt"),
    ("name\x00.txt", "name.txt"),
    ("  spaced   out  .txt ", "spaced out .txt"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_clean_filename(raw, clean):
    assert clean_filename(raw) == clean


def test_limits_come_from_config(app, upload):
    with pytest.raises(services.UploadRejected, match="exe"):
        services.check_files([upload("setup.exe", b"MZ")])
    with pytest.raises(services.UploadRejected):
        services.check_files([upload("empty.txt", b"")])
    app.config["PORTAL_UPLOAD_MAX_BYTES"] = 10
    with pytest.raises(services.UploadRejected):
        services.check_files([upload("big.txt", b"x" * 11)])
    services.check_files([upload("fits.TXT", b"x" * 10), upload("", b"")])  # upper case; an empty file input
    app.config["PORTAL_UPLOAD_MAX_FILES"] = 2
    with pytest.raises(services.UploadRejected):
        services.check_files([upload(f"{i}.txt") for i in range(3)])


def test_files_are_stored_under_random_names_inside_the_upload_dir(open_ticket, upload, app, db):
    ticket = open_ticket(files=[upload("../../../../tmp/evil.txt", b"evil"), upload("same.txt", b"1"),
                                upload("same.txt", b"2")])
    rows = db.session.query(Attachment).filter_by(ticket_id=ticket.id).order_by(Attachment.id).all()
    assert [r.original_name for r in rows] == ["evil.txt", "same.txt", "same.txt"]
    root = Path(app.config["PORTAL_UPLOAD_DIR"]).resolve()
    for row in rows:
        assert re.fullmatch(r"[0-9a-f]{32}", row.stored_name)
        path = services.attachments.path_of(row).resolve()
        assert path.is_relative_to(root) and path.is_file()
    assert not Path("/tmp/evil.txt").exists() or Path("/tmp/evil.txt").read_bytes() != b"evil"
    assert [services.attachments.path_of(r).read_bytes() for r in rows] == [b"evil", b"1", b"2"]


def test_download_headers(client_as, open_ticket, make_customer, upload):
    customer = make_customer()
    ticket = open_ticket(customer, files=[upload("گزارش خطا.pdf", b"%PDF-1.4 fake")])
    response = client_as(customer).get(f"/attachments/{ticket.messages[0].attachments[0].id}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 fake"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('گزارش خطا.pdf')}" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.app_config(PORTAL_UPLOAD_EXTENSIONS=("html", "svg", "htm", "txt", "png"))
@pytest.mark.parametrize("name, body", [("page.html", b"<script>alert(1)</script>"),
                                        ("pic.svg", b"<svg onload='alert(1)'/>"),
                                        ("x.htm", b"<html><b>hi</b></html>"),
                                        ("notes.txt", b"  <!DOCTYPE html><p>hi"),
                                        ("photo.png", b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>"),
                                        ("utf16.txt", "<svg onload=alert(1)>".encode("utf-16"))])
def test_html_and_svg_are_refused_whatever_their_name(app, upload, name, body):
    with pytest.raises(services.UploadRejected, match="SVG"):
        services.check_files([upload(name, body)])


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("name, body, accepted", [
    ("photo.png", PNG, True),
    ("setup.png", b"MZ\x90\x00" + b"\x00" * 300, False),  # a program renamed to .png
    ("photo.jpg", PNG, False),  # a PNG named .jpg is another type than its name says
    ("scan.pdf", b"%PDF-1.7\n", True),
    ("report.pdf", b"\x7fELF" + b"\x00" * 60, False),
    ("notes.txt", "سلام، اینترنت قطع است".encode(), True),
    ("notes.txt", PNG, False),
    ("data.csv", b"a,b\n1,2\n", True),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 60, True),
    ("letter.docx", b"PK\x03\x04" + b"\x00" * 60, True),  # office files are zip containers
    ("letter.docx", b"MZ\x90\x00" + b"\x00" * 300, False),
])
def test_content_must_match_the_extension(upload, app, name, body, accepted):
    if accepted:
        services.check_files([upload(name, body)])
    else:
        with pytest.raises(services.UploadRejected, match=re.escape(name)):
            services.check_files([upload(name, body)])


def test_a_stored_type_a_browser_would_run_is_not_sent(db):
    assert served_type(Attachment(original_name="a.txt", content_type="text/html")) == "application/octet-stream"
    assert served_type(Attachment(original_name="a.png", content_type="image/png")) == "image/png"


def test_missing_file_on_disk_is_404(client_as, open_ticket, make_customer, upload):
    customer = make_customer()
    ticket = open_ticket(customer, files=[upload("a.txt", b"x")])
    attachment = ticket.messages[0].attachments[0]
    services.attachments.path_of(attachment).unlink()
    assert client_as(customer).get(f"/attachments/{attachment.id}").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, open_ticket, upload):
    ticket = open_ticket(files=[upload("a.txt", b"x")])
    response = client.get(f"/attachments/{ticket.messages[0].attachments[0].id}")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_rejected_file_gives_a_persian_error_next_to_the_field_and_keeps_the_form(client_as, make_customer,
                                                                                 category, upload, db):
    from portal.tickets.models import Ticket

    c = client_as(make_customer())
    response = c.post("/tickets/new", data={"subject": "فاکتور اشتباه", "body": "مبلغ دو برابر شده",
                                            "category": category.id, "attachments": [upload("virus.exe", b"MZ")]},
                      content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "«virus.exe» را نمی‌توان پیوست کرد" in page_text(response)
    assert re.search(r'class="invalid-feedback d-block" role="alert">[^<]*virus\.exe', html)
    assert 'value="فاکتور اشتباه"' in html and "مبلغ دو برابر شده</textarea>" in html
    assert db.session.query(Ticket).count() == 0


def test_too_large_file_error_is_persian(client_as, make_customer, category, upload, app):
    app.config["PORTAL_UPLOAD_MAX_BYTES"] = 1024
    c = client_as(make_customer())
    response = c.post("/tickets/new", data={"subject": "s", "body": "b", "category": category.id,
                                            "attachments": [upload("big.pdf", b"x" * 2048)]},
                      content_type="multipart/form-data")
    assert "بزرگ‌تر از ۱ کیلوبایت" in page_text(response)
