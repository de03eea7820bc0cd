"""search synonyms: the first default groups, where nobody has changed them, take the fuller form of the longer
default table («password» and «رمز» join «رمز عبور», «internet» joins «اینترنت», ...)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 14:40:00

0021 added the groups an installation lacked, but left the thirteen groups of 0012 as they were, so a new
installation searched «password» in vain. A group is replaced only while it holds exactly the entries 0012 wrote.
"""
import re

from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

# (as 0012 wrote it, as the default table has it now): copies, so this migration never changes.
FULLER = (
    ('رمز عبور, گذرواژه, پسورد', 'رمز عبور, رمز, گذرواژه, پسورد, password'),
    ('اینترنت, نت, اتصال', 'اینترنت, نت, اتصال, internet'),
    ('قطع, وصل نمی\u200cشود, وصل نمیشه, قطعی',
     'قطع, وصل نمی\u200cشود, وصل نمیشه, قطعی, کار نمی\u200cکند, کار نمیکنه'),
    ('ایمیل, رایانامه, پست الکترونیک, میل', 'ایمیل, رایانامه, پست الکترونیک, میل, email'),
    ('موبایل, تلفن همراه, گوشی', 'موبایل, تلفن همراه, گوشی, همراه'),
    ('صورتحساب, فاکتور, قبض', 'صورتحساب, فاکتور, قبض, invoice'),
    ('وای\u200cفای, وایفای, wifi', 'وای\u200cفای, وایفای, wifi, وای فای'),
    ('مودم, روتر', 'مودم, روتر, modem'),
    ('حساب کاربری, اکانت', 'حساب کاربری, اکانت, account'),
    ('ورود, لاگین', 'ورود, وارد, لاگین, login'),
    ('سرعت پایین, کندی, کند', 'سرعت پایین, سرعت کم, کندی, کند, کم سرعت, لگ'),
)
_SEPARATORS = re.compile(r"[,،;؛]")


def _entries(line):
    return frozenset(entry.strip() for entry in _SEPARATORS.split(line or "") if entry.strip())


def _replace(pairs):
    table = sa.table('search_synonyms', sa.column('id', sa.Integer), sa.column('words', sa.Text))
    connection = op.get_bind()
    wanted = {_entries(before): after for before, after in pairs}
    for row_id, words in connection.execute(sa.select(table.c.id, table.c.words)).all():
        after = wanted.get(_entries(words))
        if after is not None:
            connection.execute(table.update().where(table.c.id == row_id).values(words=after))


def upgrade():
    _replace(FULLER)


def downgrade():
    _replace([(after, before) for before, after in FULLER])
