"""Fill a catalog: `po_fill.py en` copies each English msgid into its empty msgstr (the msgids are English);
`po_fill.py fa FILE.tsv` takes `msgid<TAB>translation` lines (\\n for new lines) for the Persian catalog."""
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

locale = sys.argv[1]
path = Path("translations") / locale / "LC_MESSAGES" / "messages.po"
with path.open("rb") as f:
    catalog = read_po(f, locale=locale)

if locale == "en":
    given = {m.id: m.id for m in catalog if m.id}
else:
    given = {}
    for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
            given[key.replace("\\n", "\n")] = value.replace("\\n", "\n")

filled = 0
for message in catalog:
    if message.id and isinstance(message.id, str) and message.id in given and not message.string:
        message.string = given[message.id]
        message.flags.discard("fuzzy")
        filled += 1
    elif message.id and not isinstance(message.id, str) and not any(message.string):  # plurals: (one, other)
        if locale == "en":
            message.string = message.id
            filled += 1
        elif message.id[0] in given:
            message.string = (given[message.id[0]],) * max(len(message.string), 1)
            filled += 1
with path.open("wb") as f:
    write_po(f, catalog, width=100, sort_output=True)
missing = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
print(f"{locale}: {filled} filled, {len(missing)} still missing")
for m in missing:
    print("  missing:", m)
