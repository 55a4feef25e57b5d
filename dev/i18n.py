"""Keep i18n/ in line with the terms Odoo exports from the addon.

    python dev/i18n.py EXPORTED.pot          update the .pot and every i18n/*.po
    python dev/i18n.py --check EXPORTED.pot  exit 1 when they are out of date,
                                             or a shipped .po leaves a term untranslated

EXPORTED.pot is what ``odoo --i18n-export`` wrote (dev/i18n.sh runs it). Each
.po is the .pot with its own header and its translations filled in, so every
series reads it the way it reads Odoo's own files. Creation dates are not
content: a file that differs only there is left alone.

18.0 reads a term as a Python message only when it carries the extracted
comment ``odoo-python``, which its own export writes and 11.0's predates: it
is added here to every term found in a .py file.
"""

import argparse
import glob
import os
import re
import sys

from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON = "auth_rest_session"
I18N = os.path.join(ROOT, "i18n")
POT_PATH = os.path.join(I18N, ADDON + ".pot")
DATE_LINE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)
MSGSTR = re.compile(r'^msgstr ""$', re.MULTILINE)
PYTHON_REFERENCE = re.compile(r"^#: code:\S+\.py:\d+$", re.MULTILINE)
MODULE_COMMENT = re.compile(r"^#\. module: .*$", re.MULTILINE)
PYTHON_COMMENT = "#. odoo-python"


def read(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as source:
        return source.read()


def same_content(old, new):
    return old is not None and DATE_LINE.sub("", old) == DATE_LINE.sub("", new)


def quoted(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def translations(po_text):
    catalog = read_po(po_text.splitlines(keepends=True))
    return {message.id: message.string for message in catalog if message.id and message.string}


def with_python_comments(pot_text):
    blocks = pot_text.split("\n\n")
    for index, block in enumerate(blocks):
        if PYTHON_REFERENCE.search(block) and PYTHON_COMMENT not in block.splitlines():
            blocks[index] = MODULE_COMMENT.sub(lambda match: match.group(0) + "\n" + PYTHON_COMMENT, block, count=1)
    return "\n\n".join(blocks)


def po_from_pot(pot_text, language, known):
    """The .pot, with ``language`` in its header and ``known`` translations in
    place of its empty msgstr; returns the text and the msgids left untranslated."""
    header, _sep, entries = pot_text.partition("\n\n")
    header = header.replace('"Language-Team: \\n"', '"Language-Team: \\n"\n"Language: %s\\n"' % language, 1)
    untranslated = []
    blocks = []
    for block in entries.split("\n\n"):
        msgid = _msgid(block)
        if msgid is not None:
            if known.get(msgid):
                block = MSGSTR.sub(lambda _match, msgid=msgid: "msgstr " + quoted(known[msgid]), block)
            else:
                untranslated.append(msgid)
        blocks.append(block)
    return header + "\n\n" + "\n\n".join(blocks), untranslated


def _msgid(block):
    catalog = read_po((block + "\n").splitlines(keepends=True))
    ids = [message.id for message in catalog if message.id]
    return ids[0] if ids else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exported", help="the .pot Odoo exported")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when out of date")
    args = parser.parse_args()

    pot_text = with_python_comments(read(args.exported))
    outputs = [(POT_PATH, pot_text, [])]
    for po_path in sorted(glob.glob(os.path.join(I18N, "*.po"))):
        language = os.path.splitext(os.path.basename(po_path))[0]  # fr.po, pt_BR.po
        po_text, untranslated = po_from_pot(pot_text, language, translations(read(po_path)))
        outputs.append((po_path, po_text, untranslated))

    problems = []
    for path, text, untranslated in outputs:
        name = os.path.relpath(path, ROOT)
        if same_content(read(path), text):
            print("up to date: %s" % name)
        elif args.check:
            problems.append("%s is out of date: run make i18n" % name)
        else:
            with open(path, "w", encoding="utf-8") as target:
                target.write(text)
            print("wrote %s" % name)
        for msgid in untranslated:
            problems.append("%s leaves %r untranslated" % (name, msgid))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
