"""`fetch-email` against a real IMAP server: Debian's dovecot, started on a loopback port with a temporary config.

Skipped only when dovecot (or openssl, for its certificate) is not installed; `.ci/run` installs them."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.channels.helpers import inbound_rows, tickets_of

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
pytestmark = pytest.mark.skipif(not DOVECOT or not shutil.which("openssl"), reason="dovecot-imapd is not installed")

USER, PASSWORD = "support@pishkhan.test", "imap-secret-1405"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not listen on {port}")


@pytest.fixture(scope="module")
def dovecot():
    # Not under pytest's private temp directory: dovecot's auth process (another user) must read the passwd file.
    root = Path(tempfile.mkdtemp(prefix="pishkhan-dovecot-"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(root / "key.pem"),
                    "-out", str(root / "cert.pem")], check=True, capture_output=True)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    (root / "mail").mkdir()
    (root / "run").mkdir()
    os.chmod(root, 0o755)
    imap_port, imaps_port = free_port(), free_port()
    import pwd

    owner = pwd.getpwuid(os.getuid()).pw_name
    internal = "dovecot" if os.getuid() == 0 else owner
    login = "dovenull" if os.getuid() == 0 else owner
    # dovecot never stores mail as root: as root, the mailbox belongs to the dovecot user.
    mail_uid, mail_gid = (pwd.getpwnam(internal).pw_uid, pwd.getpwnam(internal).pw_gid) if os.getuid() == 0 \
        else (os.getuid(), os.getgid())
    os.chown(root / "mail", mail_uid, mail_gid)
    (root / "dovecot.conf").write_text(f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
auth_mechanisms = plain login
disable_plaintext_auth = yes
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
mail_location = maildir:{root}/mail/%u
mail_uid = {mail_uid}
mail_gid = {mail_gid}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        wait_for_port(imap_port)
        wait_for_port(imaps_port)
    except RuntimeError:
        process.kill()
        output = process.communicate()[0].decode(errors="replace")
        log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
        raise RuntimeError(output + log)
    yield {"imap": imap_port, "imaps": imaps_port, "ca": str(root / "cert.pem")}
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["starttls", "tls"])
def imap_app(request, mail_app, dovecot):
    security = request.param
    mail_app.config.update(PORTAL_IMAP_HOST="127.0.0.1", PORTAL_IMAP_SECURITY=security,
                           PORTAL_IMAP_PORT=dovecot["imap" if security == "starttls" else "imaps"],
                           PORTAL_IMAP_USERNAME=USER, PORTAL_IMAP_PASSWORD=PASSWORD, PORTAL_IMAP_CA_FILE=dovecot["ca"],
                           PORTAL_IMAP_FOLDER="INBOX", PORTAL_IMAP_PROCESSED_FOLDER="Processed")
    with mailbox(dovecot) as client:  # every test starts with an empty mailbox
        for folder in ("INBOX", "Processed"):
            if client.folder_exists(folder):
                client.select_folder(folder)
                uids = client.search()
                if uids:
                    client.delete_messages(uids)
                    client.expunge()
    return mail_app


def mailbox(dovecot):
    import ssl

    client = IMAPClient("127.0.0.1", port=dovecot["imaps"], ssl=True,
                        ssl_context=ssl.create_default_context(cafile=dovecot["ca"]))
    client.login(USER, PASSWORD)
    return client


def deliver(dovecot, *messages):
    with mailbox(dovecot) as client:
        for raw in messages:
            client.append("INBOX", raw)


def folder_count(dovecot, folder):
    with mailbox(dovecot) as client:
        if not client.folder_exists(folder):
            return 0
        client.select_folder(folder, readonly=True)
        return len(client.search())


def test_fetch_email_processes_new_mail_and_moves_it(imap_app, dovecot, sample, make_customer):
    customer = make_customer(email="sara@example.com")
    deliver(dovecot, sample("html_only"), sample("windows1256_persian"))
    result = imap_app.test_cli_runner().invoke(args=["fetch-email"])
    assert result.exit_code == 0, result.output
    assert "fetched 2, new 2" in result.output
    assert len(tickets_of(customer)) == 1 and len(inbound_rows(status="processed")) == 2
    assert folder_count(dovecot, "INBOX") == 0 and folder_count(dovecot, "Processed") == 2


def test_mail_fetched_twice_is_one_ticket(imap_app, dovecot, sample, make_customer):
    customer = make_customer(email="sara@example.com")
    raw = sample("html_only")
    deliver(dovecot, raw)
    imap_app.test_cli_runner().invoke(args=["fetch-email"])
    deliver(dovecot, raw)  # the same Message-ID again, e.g. after a crash before the move
    result = imap_app.test_cli_runner().invoke(args=["fetch-email"])
    assert "fetched 1, new 0" in result.output
    assert len(tickets_of(customer)) == 1 and folder_count(dovecot, "Processed") == 2


def test_a_wrong_password_fails_loudly_and_leaves_the_mail(imap_app, dovecot, sample):
    imap_app.config["PORTAL_IMAP_PASSWORD"] = "wrong"
    deliver(dovecot, sample("html_only"))
    result = imap_app.test_cli_runner().invoke(args=["fetch-email"])
    assert result.exit_code != 0 and inbound_rows() == []
    assert folder_count(dovecot, "INBOX") == 1
