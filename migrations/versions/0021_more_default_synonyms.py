"""search synonyms: the longer default table of support vocabulary for installations seeded with the first one

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 09:10:00

"""
import re

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# A copy, so the migration does not change when the application's defaults do (portal/search/synonyms.py).
DEFAULT_SYNONYMS = (
    'رمز عبور, رمز, گذرواژه, پسورد, password',
    'حساب کاربری, اکانت, account',
    'نام کاربری, یوزرنیم, یوزر, username',
    'ورود, وارد, لاگین, login',
    'ثبت\u200cنام, ساخت حساب, ساخت اکانت, register',
    'فراموش, یادم رفته, یادم نیست, یادم نمیاد',
    'ورود دومرحله\u200cای, تایید دومرحله\u200cای, احراز هویت دومرحله\u200cای, 2fa',
    'احراز هویت, تایید هویت, وریفای',
    'هک, نفوذ, دزدیده',
    'پیامک, اس ام اس, اس\u200cام\u200cاس, sms',
    'کد تایید, کد یک\u200cبارمصرف, رمز یک\u200cبارمصرف, otp',
    'اینترنت, نت, اتصال, internet',
    'قطع, وصل نمی\u200cشود, وصل نمیشه, قطعی, کار نمی\u200cکند, کار نمیکنه',
    'مدام, هی, مرتب, دائم',
    'سرعت پایین, سرعت کم, کندی, کند, کم سرعت, لگ',
    'پینگ, تاخیر, لگ, ping',
    'وای\u200cفای, وایفای, wifi, وای فای',
    'مودم, روتر, modem',
    'برد, آنتن, سیگنال, پوشش',
    'ضعیف, کم',
    'موبایل, تلفن همراه, گوشی, همراه',
    'اینترنت همراه, دیتا, داده همراه, اینترنت گوشی',
    'سیم\u200cکارت, سیمکارت, سیم کارت, sim',
    'شارژ, اعتبار',
    'رومینگ, سفر خارجی, خارج از کشور, roaming',
    'فیبر نوری, فیبر, ftth',
    'آی\u200cپی ثابت, آی پی استاتیک, ip ثابت, static ip',
    'جابه\u200cجایی, جابجایی, اسباب\u200cکشی, انتقال',
    'نشانی, آدرس',
    'تازه, جدید',
    'لغو, کنسل, قطع سرویس',
    'تلویزیون اینترنتی, iptv',
    'صورتحساب, فاکتور, قبض, invoice',
    'پرداخت, واریز',
    'پول, وجه, مبلغ',
    'استرداد, بازگشت وجه, برگشت پول, پس گرفتن',
    'کسر, کم شد, برداشت',
    'تعرفه, قیمت, لیست قیمت, هزینه',
    'کد تخفیف, کوپن, تخفیف',
    'کیف پول, ولت, wallet',
    'اقساط, قسطی, اقساطی',
    'بدهی, بدهکاری',
    'هاست, هاستینگ, میزبانی, host',
    'کنترل\u200cپنل, سی\u200cپنل, سی پنل, cpanel, directadmin, دایرکت ادمین',
    'بارگذاری, آپلود, upload',
    'بارگیری, دانلود, download',
    'لود, بارگذاری, باز شدن',
    'پایگاه داده, دیتابیس, database',
    'mysql, مای اس کیو ال, مای\u200cاس\u200cکیوال',
    'خطا, ارور, error',
    'پشتیبان, بکاپ, نسخه پشتیبان, backup',
    'ریبوت, ری استارت, ری\u200cاستارت, راه\u200cاندازی دوباره, reboot, restart',
    'دوباره, مجدد',
    'سیستم\u200cعامل, ویندوز, لینوکس, os',
    'روت, root',
    'ssh, پوتی, putty',
    'ترافیک, پهنای باند',
    'اسنپ\u200cشات, snapshot',
    'دامنه, دامین, domain',
    'زیردامنه, ساب\u200cدامین, ساب دامین, subdomain',
    'نیم\u200cسرور, نام\u200cسرور, dns, name server',
    'انتقال, ترانسفر, transfer',
    'گواهی ssl, گواهینامه امنیتی, https',
    'وردپرس, wordpress',
    'ایمیل, رایانامه, پست الکترونیک, میل, email',
    'وب\u200cمیل, webmail',
    'هرزنامه, اسپم, spam, جانک',
    'هدایت, فوروارد, forward',
    'پاسخ خودکار, پیغام خودکار, autoreply',
    'پیوست, اتچ, attachment',
    'تیکت, درخواست پشتیبانی, ticket',
    'شکایت, اعتراض',
    'اپلیکیشن, اپ, برنامه, app',
    'اعلان, نوتیفیکیشن, notification',
    'تغییر, عوض',
    'تغییر دهم, عوض کنم, تغییر بدم, عوض کردن, تغییر دادن',
    'حذف, پاک کردن, پاک',
    'خرید, بخرم, گرفتن',
    'نمی\u200cرسد, نمیاد, نمی\u200cآید',
    'می\u200cشود, میشه',
    'نمی\u200cشود, نمیشه',
    'می\u200cدهد, میده',
    'می\u200cتوانم, میتونم',
    'نمی\u200cکند, نمیکنه',
)
_SEPARATORS = re.compile(r"[,،;؛]")


def _entries(line):
    return {entry.strip() for entry in _SEPARATORS.split(line) if entry.strip()}


def upgrade():
    # Only groups none of whose entries the table holds yet: what staff wrote or changed stays as it is.
    table = sa.table('search_synonyms', sa.column('id', sa.Integer), sa.column('words', sa.Text))
    connection = op.get_bind()
    present = set()
    for (words,) in connection.execute(sa.select(table.c.words)):
        present |= _entries(words or "")
    missing = [line for line in DEFAULT_SYNONYMS if not present & _entries(line)]
    if missing:
        op.bulk_insert(table, [{'words': line} for line in missing])


def downgrade():
    pass  # the groups may have been edited since: they stay
