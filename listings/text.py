"""Text analysis shared by the search document and the search query, so both split words alike.

English (and other alphabetic scripts) is folded (NFKC, case, accents), British spellings are
brought to American ones and words are reduced to their Porter stem: "licence", "licences",
"licensing" and "licensed" all become "licens". Chinese is segmented with jieba into dictionary
words; the document also carries every two-character word (bigram) of each Chinese run, so that a
two-character query word (芯片, 基因, 导航) is found wherever it occurs in the text, whatever
jieba made of its neighbours.

The stemmer is Snowball's (snowballstemmer), its original Porter algorithm rather than the newer
"english" one: Porter's stems are what the stored documents and the tests were built with ("organ"
for organisation, "ad" for added), and the two differ on hundreds of common words. The spelling
table stays hand-written: no stemmer folds British into American spelling ("licence" stems to
"licenc", "license" to "licens"), and PostgreSQL's ``english`` configuration does not either.
A change here changes the stored documents: run ``manage.py rebuild_search_index`` after it.

Pure functions, no Django: the benchmark's data generator uses them too.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import jieba
import snowballstemmer

jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO on first use

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_RUNS = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")

# Chinese function words that carry no meaning on their own in a query.
CHINESE_STOP = frozenset("的 了 和 与 及 或 在 是 对 为 等 把 被 之 其 于 以 并 也 而 中 上".split())
ENGLISH_STOP = frozenset(
    "a an and are as at be by for from in into is it its of on or our that the their this to "
    "with we our your".split()
)


def fold(value: str) -> str:
    """NFKC (full-width letters and digits to ASCII), lower case, accents removed, NULs gone."""
    value = unicodedata.normalize("NFKC", (value or "").replace("\x00", " ")).casefold()
    decomposed = unicodedata.normalize("NFD", value)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def document_tokens(value: str) -> list[str]:
    """Every indexable token of a text, in order: stems, jieba words and Chinese bigrams."""
    tokens: list[str] = []
    for chinese, word in _RUNS.findall(fold(value)):
        if word:
            tokens.append(stem(word))
            continue
        words = [w for w in jieba.cut_for_search(chinese, HMM=False) if len(w) > 1]
        tokens.extend(words)
        known = set(words)
        tokens.extend(bigram for bigram in bigrams(chinese) if bigram not in known)
    return tokens + patent_tokens(value, bare=True)


def query_terms(value: str) -> list[tuple[str, ...]]:
    """The terms of a query, each a tuple of alternatives that must all be present in a document.

    A term is one English stem ``("licens",)``, one Chinese word of one or two characters
    ``("芯片",)`` or a longer Chinese word with its bigrams ``("集成电路", "集成", "成电", "电路")``:
    the word itself when jieba found it in the document, else all of its bigrams. Odd input (NUL
    bytes, punctuation only, 10 KB) yields a short list or none, never an error.
    """
    text = fold(value[: MAX_QUERY_CHARS * 4] if value else "")
    # A patent or application number is one term, whatever its prefix and punctuation.
    terms: list[tuple[str, ...]] = [(number,) for number in patent_tokens(text)]
    text = _PATENT.sub(" ", text)
    for chinese, word in _RUNS.findall(text):
        if word:
            if word in ENGLISH_STOP and len(text.split()) > 1:
                continue
            terms.append((stem(word[:60]),))
            continue
        for w in _chinese_query_words(chinese):
            terms.append((w, *bigrams(w)) if len(w) > 2 else (w,))
    # Documents index no one-character Chinese words (document_tokens), so such a term could never
    # match: "出结果时间" searches for 结果 and 时间. A query of one character alone keeps it.
    longer = [term for term in terms if len(term[0]) > 1 or term[0].isascii()]
    if longer:
        terms = longer
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_QUERY_TOKENS]


def _chinese_query_words(run: str) -> list[str]:
    """jieba's words of a Chinese query run, stop words left out, with consecutive single
    characters joined again: jieba cuts 大语 into 大 and 语, which no document indexes alone, while
    the documents hold the bigram 大语."""
    words: list[str] = []
    singles = ""
    for word in [*jieba.cut(run, HMM=False), "的"]:  # a stop word at the end flushes the last run
        if len(word) == 1 and word not in CHINESE_STOP:
            singles += word
            continue
        if singles:
            words.append(singles)
            singles = ""
        if word not in CHINESE_STOP:
            words.append(word)
    return words


# Chinese patent and application numbers as people write them: CN201711443464.X, ZL 201711443464.X,
# 201711443464X, CN108123456A (8 to 13 digits). The token is the number's digits and check character (or kind code),
# without the office prefix or punctuation: "201711443464x", "108123456a".
_PATENT = re.compile(r"\b(?:(?:zl|cn) ?)?(\d{8,13})(?:\.([0-9x])|(x)|([a-z]\d?))?\b")


def patent_tokens(value: str, *, bare: bool = False) -> list[str]:
    """The patent and application numbers in a folded or unfolded text, as search tokens.

    ``bare`` (for documents) adds each number without its check digit or kind code as well, so a
    query that leaves them off (CN201711443464) still finds it; a query that gives one must match it.
    """
    tokens = []
    for digits, check, x, kind in _PATENT.findall(fold(value)):
        tokens.append(f"pn{digits}{check or x or kind}")
        if bare:
            tokens.append(f"pn{digits}")
    return list(dict.fromkeys(tokens))


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def has_chinese(value: str) -> bool:
    return bool(_CJK_RUN.search(value or ""))


# --- English: British to American spelling, then the Porter stemmer ------------------------------

_BRITISH = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "licencee": "licensee",
    "licencees": "licensees",
    "defence": "defense",
    "offence": "offense",
    "centre": "center",
    "centres": "centers",
    "fibre": "fiber",
    "fibres": "fibers",
    "metre": "meter",
    "metres": "meters",
    "litre": "liter",
    "programme": "program",
    "programmes": "programs",
    "colour": "color",
    "colours": "colors",
    "behaviour": "behavior",
    "tumour": "tumor",
    "tumours": "tumors",
    "aluminium": "aluminum",
    "sulphur": "sulfur",
    "modelling": "modeling",
    "travelling": "traveling",
    "labelling": "labeling",
    "catalogue": "catalog",
    "analogue": "analog",
    "haemoglobin": "hemoglobin",
    "oestrogen": "estrogen",
}
# -ise / -isation verbs that are -ize in American spelling (not "precise", "expertise", ...).
_ISE = re.compile(
    r"^(commercial|optim|organ|util|real|recogn|standard|character|industrial|digital|visual|synthes|"
    r"minim|maxim|stabil|steril|local|custom|special|author|normal|global|modern|capital|central|"
    r"monet|priorit|summar|categor|emphas|neutral|crystall|ion|polymer|miniatur|immun|hospital|"
    r"mobil|initial|serial|personal|virtual|vapor|fertil|steril|harmon|mechan|computer|random)"
    r"is(e|es|ed|ing|er|ers|ation|ations)$"
)
_ANALYSE = re.compile(r"^(analy|cataly|hydroly|electroly|paraly|dialy)s(e|es|ed|ing|er|ers)$")


def americanise(word: str) -> str:
    if word in _BRITISH:
        return _BRITISH[word]
    if _ISE.match(word):
        return _ISE.sub(lambda m: f"{m.group(1)}iz{m.group(2)}", word)
    if _ANALYSE.match(word):
        return _ANALYSE.sub(lambda m: f"{m.group(1)}z{m.group(2)}", word)
    return word


_stemmers = threading.local()  # a Snowball stemmer keeps the word it works on: one per thread


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Porter stem of a folded word; digits and short words are kept as they are."""
    if len(word) <= 2 or not word.isascii() or not word.isalpha():
        return word
    if not hasattr(_stemmers, "porter"):
        _stemmers.porter = snowballstemmer.stemmer("porter")
    return _stemmers.porter.stemWord(americanise(word))
