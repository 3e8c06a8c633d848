"""Stable keys and IRIs: the one function that mints every IRI, and the name folding rules.

A *key* is ``"<kind>/<slug>"`` (``"person/hwang-jang-yop"``, ``"source/ref-6"``); extraction
makes keys, mapping turns a key into an IRI with :func:`mint` under a configurable base.
Slugs contain only ``[a-z0-9-]``, so every IRI is valid for strict engines.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

DEFAULT_BASE = "https://w3id.org/defectorkg/"

_FOLD_DROP = re.compile(r"[\s\-‐‑‒–—'’‘`´.,]+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Revised Romanization of Korean, for Hangul names (syllables decompose arithmetically).
_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
               "ch", "k", "t", "p", "h")  # fmt: skip
_RR_MEDIAL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_RR_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
             "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip


def _romanize_hangul(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            out.append(_RR_INITIAL[initial] + _RR_MEDIAL[medial] + _RR_FINAL[final])
        else:
            out.append(ch)
    return "".join(out)


def fold(name: str) -> str:
    """The matching key of a name: case, spaces, hyphens, apostrophes and accents folded.

    "Kang Chol Hwan", "Kang Chol-hwan" and "kang chol-Hwan" all fold to "kangcholhwan".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _FOLD_DROP.sub("", stripped).casefold()


def slug(text: str) -> str:
    """A readable IRI segment: ASCII lower-case letters, digits and single hyphens.

    Hangul is romanized; any other text that leaves no ASCII letter or digit becomes
    ``u-`` plus a hash of the text, so no name is ever dropped or collides with another.
    """
    text = _romanize_hangul(unicodedata.normalize("NFC", text))
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("'", "").replace("’", "")
    result = _NON_SLUG.sub("-", ascii_text).strip("-")
    leftover = any(
        unicodedata.category(c)[0] in "LN" and ord(c) > 127
        for c in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(c)
    )
    if not result or leftover:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        result = f"{result}-u{digest}" if result else f"u-{digest}"
    return result


def key(kind: str, name: str) -> str:
    """The key of a thing of ``kind`` ("person", "place", ...) named ``name``."""
    return f"{kind}/{slug(name)}"


def mint(record_key: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of a record key under ``base`` (which ends with "/" or "#")."""
    return f"{base}{record_key}"
