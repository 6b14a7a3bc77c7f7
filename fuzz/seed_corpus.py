#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from the case files, in the targets' input formats.

    seed_corpus.py CASES_DIR OUT_DIR

OUT_DIR gets one folder per input format, emptied first: `checks` (the three checks' targets),
`page_origin`, `keeps_stored_secret`, `callback_query` and `verify_state`. Every `*.tsv` in
CASES_DIR is read (tab-separated: field, page_origin, input, verdict, why; `\\n`, `\\t`, `\\r`,
`\\u{XXXX}` and `\\\\` are escapes in `input`, and a page_origin of `-` means none); the seeds
of the callback's query and state are written here, and so are long inputs for the time budget.
The formats are those of fuzz/src/lib.rs and of each target's documentation.
"""

import base64
import pathlib
import re
import shutil
import struct
import sys
import urllib.parse

# Byte 0 of the checks' format when the text's first line is the page origin.
ORIGIN_IN_TEXT = 0xFF
# The longest input libFuzzer is given (scripts/fuzz passes it as -max_len).
MAX_LEN = 64 * 1024
# What the long seeds fill, leaving room for the header and an origin.
LONG = MAX_LEN - 256
ORIGIN = "https://scanner.corp.example"
CALLBACK = ORIGIN + "/app/integrations/callback"
CLIENT_ID = "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR"
CREATED_AT = 1_764_765_000_000
LIFETIME_MS = 10 * 60 * 1000


def unescape(text, where):
    """The input column's escapes decoded; an unknown escape is kept as it is, with a warning."""
    simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}

    def one(match):
        escape = match.group(1)
        code = int(escape[2:-1], 16) if escape.startswith("u{") else None
        if code is not None and code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code)
        if escape in simple:
            return simple[escape]
        print(f"warning: {where}: unknown escape \\{escape} kept as it is", file=sys.stderr)
        return match.group(0)

    return re.sub(r"\\(u\{[0-9A-Fa-f]{1,6}\}|.?)", one, text, flags=re.DOTALL)


def read_cases(folder):
    """(name, field, origin or None, input) for every case of every `*.tsv` in `folder`."""
    cases = []
    for path in sorted(folder.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines[1:], start=2):
            columns = line.split("\t")
            if len(columns) < 3 or not columns[0]:
                continue
            where = f"{path.name}:{number}"
            origin = None if columns[1] in ("", "-") else columns[1]
            cases.append((f"{path.stem}-{number}", columns[0], origin, unescape(columns[2], where)))
    return cases


class Corpus:
    """One folder of seeds, emptied when made."""

    def __init__(self, folder):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self.count = 0

    def add(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.folder.joinpath(re.sub(r"[^A-Za-z0-9_.-]", "_", name)).write_bytes(data[:MAX_LEN])
        self.count += 1


def check_input(text, origin=None, before=b"", after=b""):
    """The checks' format: the origin's byte, the white space's counts and picks, the text."""
    head = bytes([ORIGIN_IN_TEXT if origin else 0, len(before) | len(after) << 4]) + before + after
    return head + ((origin + "\n") if origin else "").encode() + text.encode("utf-8")


def long_texts():
    """Inputs near the longest, where a check that is not linear shows."""
    return {
        "letters": "a" * LONG,
        "spaces-inside": "a" + " " * LONG + "b",
        "spaces-around": " " * (LONG // 2) + CLIENT_ID + "\u3000" * (LONG // 6),
        "zero-width": "\u200b" * (LONG // 3),
        "accents": "\u00e9" * (LONG // 2),
        "atoa": "x" + "ATOA" * (LONG // 4),
        "atoa-letters": "ATOA" + "A" * LONG,
        "asterisks": "*" * LONG,
        "bullets": "\u2022" * (LONG // 3),
        "quotes": "\u201c" * (LONG // 3),
        "encoded-brackets": "%3c" * (LONG // 3),
        "colons": "https:" + ":" * LONG,
        "long-path": ORIGIN + "/" + "a/" * (LONG // 2),
        "long-host": "https://" + "a." * (LONG // 2) + "/app/integrations/callback",
        "long-query": CALLBACK + "?" + "x" * LONG,
        "ipv6": "https://[" + "1:" * (LONG // 2) + "]/",
    }


def write_checks(corpus, cases):
    for name, field, origin, text in cases:
        corpus.add(f"{name}-{field}", check_input(text, origin))
        corpus.add(f"{name}-{field}-padded", check_input(text, origin, b"\x00\x09", b"\x18"))
        repeated = text * (LONG // max(len(text.encode()), 1))
        corpus.add(f"{name}-{field}-long", check_input(repeated, origin))
    for name, text in long_texts().items():
        corpus.add(f"long-{name}", check_input(text))


def write_origins(corpus, cases):
    """Page origins as the Origin header brings them, and some no browser sends."""
    origins = {origin for _, _, origin, _ in cases if origin}
    origins |= {
        "https://scanner.corp.example:8443",
        "HTTPS://SCANNER.Corp.Example:443",
        "https://scanner.corp.example.",
        "http://localhost:8080",
        "http://LOCALHOST",
        "http://127.0.0.1",
        "http://127.1",
        "http://0x7f.0.0.1:80",
        "http://[::1]:3000",
        "http://[0:0:0:0:0:0:0:1]",
        "https://[fd12:3456::1]",
        "https://[::ffff:127.0.0.1]",
        "https://xn--bcher-kva.example",
        "https://b\u00fccher.example",
        "https://Ab\u00fccher.example",
        "https://1.2.3.4:0",
        "https://host:65536",
        "https://user:pw@host",
        "https://host/path?query#fragment",
        "file:///etc/passwd",
        "null",
        "",
        "https://" + "a." * (LONG // 2),
    }
    for index, origin in enumerate(sorted(origins)):
        corpus.add(f"origin-{index}", unescape(origin, "seed_corpus.py"))


def write_keeps(corpus, cases):
    """Secret, Client ID and stored Client ID, one a line; byte 0 odd when one is stored."""
    ids = [text.strip() for _, field, _, text in cases if field == "client_id"] or [CLIENT_ID]
    secrets = [text.strip() for _, field, _, text in cases if field == "client_secret"]
    for index, client_id in enumerate(ids):
        other = ids[(index + 1) % len(ids)] if len(ids) > 1 else CLIENT_ID[::-1]
        for label, lines, stored in [
            ("kept", ["", client_id, client_id], True),
            ("needed", ["", client_id, other], True),
            ("none-stored", ["", client_id, ""], False),
            ("blank", [" \u3000", f" {client_id}\t", client_id], True),
        ] + [(f"secret-{n}", [s, client_id, client_id], True) for n, s in enumerate(secrets[:3])]:
            text = "\n".join(lines)
            corpus.add(f"{label}-{index}", bytes([1 if stored else 0, 0]) + text.encode("utf-8"))
            padded = bytes([1 if stored else 0, 0x12, 3, 8, 22]) + text.encode("utf-8")
            corpus.add(f"{label}-{index}-padded", padded)


def state(fill):
    return base64.urlsafe_b64encode(bytes([fill]) * 32).decode().rstrip("=")


def write_queries(corpus, cases):
    good = state(42)
    whys = [text for _, _, _, text in cases]
    queries = {
        "code": f"?code=eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..abc&state={good}",
        "code-no-mark": f"code=abc&state={good}",
        "code-no-state": "?code=abc",
        "code-empty-state": "?code=abc&state=",
        "code-empty": f"?code=&state={good}",
        "code-long": f"?code={'c' * 5000}&state={good}",
        "code-twice": f"?code=a&code=b&state={good}",
        "state-twice": f"?code=a&state={good}&state={good}",
        "code-and-error": f"?code=a&error=access_denied&state={good}",
        "denied": f"?error=access_denied&error_description=User+did+not+authorize+the+request"
        f"&state={good}",
        "unauthorized": "?error=unauthorized_client&error_description=redirect_uri%20mismatch"
        f"&state={good}",
        "scope": f"?error=invalid_scope&state={good}",
        "odd-error": "?error=Access%20Denied!&error_description=%3Cscript%3E",
        "description-controls": "?error=server_error&error_description=%E2%80%AEevil%00%0A%09x"
        "%E2%80%8B%C2%A0+%20&state=x",
        "description-long": f"?error=temporarily_unavailable&error_description={'d%20' * 400}",
        "description-spaces": "?error=x&error_description=%20%20%E3%80%80%20",
        "description-twice": "?error=x&error_description=a&error_description=b",
        "bad-percent": "?code=%ZZ%&state=%E2%28%A1&error_description=%",
        "empty": "",
        "mark": "?",
        "unknown-only": "?foo=bar&&=&baz",
        "plus-and-semicolon": "?code=a+b;c&state=s+t",
        "fragment-like": f"?code=a#frag&state={good}",
        "long-pairs": "?" + "&a=b" * (LONG // 4),
        "long-ampersands": "?" + "&" * LONG,
        "long-percent": "?error=x&error_description=" + "%E2%80%AE" * (LONG // 9),
    }
    for name, query in queries.items():
        corpus.add(name, query)
    for index, why in enumerate(whys):
        description = urllib.parse.quote_plus(why)
        query = f"?error=access_denied&error_description={description}&state={good}"
        corpus.add(f"case-{index}", query)


def write_states(corpus, cases):
    """Flags (bit 0: a state, bit 1: a record), now after createdAt (i32), state, record."""
    client_ids = [t.strip() for _, f, _, t in cases if f == "client_id" and t.strip()]
    callbacks = [t.strip() for _, f, _, t in cases if f == "callback_url" and t.strip()]
    client_id = client_ids[0] if client_ids else CLIENT_ID
    callback = callbacks[0] if callbacks else CALLBACK

    def record(state_, used=False):
        used_at = f',"usedAt":{CREATED_AT + 1000}' if used else ""
        return (
            f'{{"state":"{state_}","redirectUri":"{callback}","clientId":"{client_id}",'
            f'"createdAt":{CREATED_AT}{used_at}}}'
        )

    good = state(42)
    seeds = {
        "fresh": (3, 60_000, good, record(good)),
        "just-started": (3, 0, good, record(good)),
        "at-the-limit": (3, LIFETIME_MS, good, record(good)),
        "expired": (3, LIFETIME_MS + 1, good, record(good)),
        "from-the-future": (3, -LIFETIME_MS - 1, good, record(good)),
        "used": (3, 1000, good, record(good, used=True)),
        "other-state": (3, 1000, good, record(state(7))),
        "tampered": (3, 1000, good[:-1] + "+", record(good[:-1] + "+")),
        "short-state": (3, 1000, good[:-2], record(good[:-2])),
        "no-state": (2, 1000, "", record(good)),
        "no-record": (1, 1000, good, ""),
        "not-json": (3, 1000, good, "{not json"),
        "extra-fields": (3, 1000, good, record(good)[:-1] + ',"later":[1,{"x":null}]}'),
        "wrong-types": (3, 1000, good, f'{{"state":"{good}","createdAt":"soon"}}'),
        "huge-number": (3, 1000, good, record(good).replace(str(CREATED_AT), "1" * 30)),
        "deep": (3, 1000, good, "[" * 200 + "]" * 200),
        "long-record": (3, 1000, good, record(good)[:-1] + ',"pad":"' + "p" * LONG + '"}'),
        "long-state": (3, 1000, "A" * LONG, ""),
    }
    for name, (flags, offset, state_, stored) in seeds.items():
        head = bytes([flags]) + struct.pack("<i", offset)
        corpus.add(name, head + f"{state_}\n{stored}".encode("utf-8"))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cases_dir, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    cases = read_cases(cases_dir)
    if not cases:
        sys.exit(f"no case found in {cases_dir}/*.tsv")
    writers = {
        "checks": write_checks,
        "page_origin": write_origins,
        "keeps_stored_secret": write_keeps,
        "callback_query": write_queries,
        "verify_state": write_states,
    }
    counts = []
    for name, write in writers.items():
        corpus = Corpus(out / name)
        write(corpus, cases)
        counts.append(f"{corpus.count} {name}")
    print(f"seeds from {len(cases)} cases in {cases_dir}: " + ", ".join(counts))


if __name__ == "__main__":
    main()
