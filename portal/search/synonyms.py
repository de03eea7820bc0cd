"""The synonym table: groups of words and phrases a search treats alike, edited by staff, applied at
query time (so editing a group needs no reindex).

A group is one line: entries separated by commas («,» or «،»); an entry may be several words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import delete, select

from ..extensions import db
from .analyzer import query_terms
from .models import SynonymGroup

_SEPARATORS = re.compile(r"[,،;؛]")
MAX_GROUPS = 2000
MAX_LINE = 500

# Common support vocabulary, seeded by the migration; staff change it at /admin/faq/synonyms.
DEFAULT_GROUPS = (
    # accounts and sign-in
    "رمز عبور, رمز, گذرواژه, پسورد, password",
    "حساب کاربری, اکانت, account",
    "نام کاربری, یوزرنیم, یوزر, username",
    "ورود, وارد, لاگین, login",
    "ثبت‌نام, ساخت حساب, ساخت اکانت, register",
    "فراموش, یادم رفته, یادم نیست, یادم نمیاد",
    "ورود دومرحله‌ای, تایید دومرحله‌ای, احراز هویت دومرحله‌ای, 2fa",
    "احراز هویت, تایید هویت, وریفای",
    "هک, نفوذ, دزدیده",
    "پیامک, اس ام اس, اس‌ام‌اس, sms",
    "کد تایید, کد یک‌بارمصرف, رمز یک‌بارمصرف, otp",
    # internet, modem, mobile
    "اینترنت, نت, اتصال, internet",
    "قطع, وصل نمی‌شود, وصل نمیشه, قطعی, کار نمی‌کند, کار نمیکنه",
    "مدام, هی, مرتب, دائم",
    "سرعت پایین, سرعت کم, کندی, کند, کم سرعت, لگ",
    "پینگ, تاخیر, لگ, ping",
    "وای‌فای, وایفای, wifi, وای فای",
    "مودم, روتر, modem",
    "برد, آنتن, سیگنال, پوشش",
    "ضعیف, کم",
    "موبایل, تلفن همراه, گوشی, همراه",
    "اینترنت همراه, دیتا, داده همراه, اینترنت گوشی",
    "سیم‌کارت, سیمکارت, سیم کارت, sim",
    "شارژ, اعتبار",
    "رومینگ, سفر خارجی, خارج از کشور, roaming",
    "فیبر نوری, فیبر, ftth",
    "آی‌پی ثابت, آی پی استاتیک, ip ثابت, static ip",
    "جابه‌جایی, جابجایی, اسباب‌کشی, انتقال",
    "نشانی, آدرس",
    "تازه, جدید",
    "لغو, کنسل, قطع سرویس",
    "تلویزیون اینترنتی, iptv",
    # billing
    "صورتحساب, فاکتور, قبض, invoice",
    "پرداخت, واریز",
    "پول, وجه, مبلغ",
    "استرداد, بازگشت وجه, برگشت پول, پس گرفتن",
    "کسر, کم شد, برداشت",
    "تعرفه, قیمت, لیست قیمت, هزینه",
    "کد تخفیف, کوپن, تخفیف",
    "کیف پول, ولت, wallet",
    "اقساط, قسطی, اقساطی",
    "بدهی, بدهکاری",
    # hosting, servers, domains
    "هاست, هاستینگ, میزبانی, host",
    "کنترل‌پنل, سی‌پنل, سی پنل, cpanel, directadmin, دایرکت ادمین",
    "بارگذاری, آپلود, upload",
    "بارگیری, دانلود, download",
    "لود, بارگذاری, باز شدن",
    "پایگاه داده, دیتابیس, database",
    "mysql, مای اس کیو ال, مای‌اس‌کیوال",
    "خطا, ارور, error",
    "پشتیبان, بکاپ, نسخه پشتیبان, backup",
    "ریبوت, ری استارت, ری‌استارت, راه‌اندازی دوباره, reboot, restart",
    "دوباره, مجدد",
    "سیستم‌عامل, ویندوز, لینوکس, os",
    "روت, root",
    "ssh, پوتی, putty",
    "ترافیک, پهنای باند",
    "اسنپ‌شات, snapshot",
    "دامنه, دامین, domain",
    "زیردامنه, ساب‌دامین, ساب دامین, subdomain",
    "نیم‌سرور, نام‌سرور, dns, name server",
    "انتقال, ترانسفر, transfer",
    "گواهی ssl, گواهینامه امنیتی, https",
    "وردپرس, wordpress",
    # e-mail
    "ایمیل, رایانامه, پست الکترونیک, میل, email",
    "وب‌میل, webmail",
    "هرزنامه, اسپم, spam, جانک",
    "هدایت, فوروارد, forward",
    "پاسخ خودکار, پیغام خودکار, autoreply",
    "پیوست, اتچ, attachment",
    # support and the app
    "تیکت, درخواست پشتیبانی, ticket",
    "شکایت, اعتراض",
    "اپلیکیشن, اپ, برنامه, app",
    "اعلان, نوتیفیکیشن, notification",
    # colloquial verbs
    "تغییر, عوض",
    # a light verb goes with its noun: «عوض کنم» is «تغییر دهم», not any «کنم»
    "تغییر دهم, عوض کنم, تغییر بدم, عوض کردن, تغییر دادن",
    "حذف, پاک کردن, پاک",
    "خرید, بخرم, گرفتن",
    "نمی‌رسد, نمیاد, نمی‌آید",
    "می‌شود, میشه",
    "نمی‌شود, نمیشه",
    "می‌دهد, میده",
    "می‌توانم, میتونم",
    "نمی‌کند, نمیکنه",
)


def parse(text: str) -> list[list[str]]:
    """Lines of comma-separated entries -> groups of at least two distinct entries; ValueError if too long."""
    groups = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) > MAX_LINE:
            raise ValueError(line[:40])
        entries = []
        for entry in _SEPARATORS.split(line):
            entry = " ".join(entry.split())
            if entry and entry not in entries:
                entries.append(entry)
        if len(entries) >= 2:
            groups.append(entries)
    if len(groups) > MAX_GROUPS:
        raise ValueError(str(len(groups)))
    return groups


def as_text(groups: list[list[str]]) -> str:
    return "\n".join("، ".join(entries) for entries in groups)


def current_groups() -> list[list[str]]:
    return [parse(row.words)[0] for row in db.session.scalars(select(SynonymGroup).order_by(SynonymGroup.id))
            if parse(row.words)]


def replace_all(groups: list[list[str]]) -> None:
    """The table becomes exactly these groups; commits."""
    db.session.execute(delete(SynonymGroup))
    db.session.add_all(SynonymGroup(words=", ".join(entries)) for entries in groups)
    db.session.commit()


def add_missing_defaults() -> int:
    """Adds each default group none of whose entries the table has yet (the migration seeded an earlier, shorter
    list; staff edits stay as they are). Returns the number of groups added; commits."""
    present = {entry for entries in current_groups() for entry in entries}
    missing = [entries for entries in parse("\n".join(DEFAULT_GROUPS)) if not present & set(entries)]
    if missing:
        db.session.add_all(SynonymGroup(words=", ".join(entries)) for entries in missing)
        db.session.commit()
    return len(missing)


def expansions(terms: list[str], groups: list[list[str]] | None = None) -> list[tuple[list[str], list[str]]]:
    """For a query's stemmed terms: (alternative, entry) for each other entry of every group one of whose
    entries the query contains (as stemmed terms, in order); both are lists of stemmed terms."""
    groups = current_groups() if groups is None else groups
    found: list[tuple[list[str], list[str]]] = []
    for entries in groups:
        analysed = [_analysed(entry) for entry in entries]
        present = next((a for a in analysed if a and _contains(terms, a)), None)
        if present is None:
            continue
        for alternative in analysed:
            if alternative and not _contains(terms, alternative) and all(alternative != f[0] for f in found):
                found.append((alternative, present))
    return found


def table_terms(groups: list[list[str]]) -> frozenset[str]:
    """Every stemmed term of the groups' entries."""
    return frozenset(term for entries in groups for entry in entries for term in _analysed(entry))


@lru_cache(maxsize=20_000)
def _analysed(entry: str) -> list[str]:
    return query_terms(entry)


def _contains(terms: list[str], part: list[str]) -> bool:
    return any(terms[i:i + len(part)] == part for i in range(len(terms) - len(part) + 1))
