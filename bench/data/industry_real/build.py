"""Build the real industry sample (train/dev/test.jsonl) from fetched public files.

Every text is a one-line product or company description written by someone else, with a
category someone else assigned; `mapping.json` (next to this file) maps each source's
categories to our 12 `Industry` labels. A category that fits more than one of our labels is
left out of its table (dropped, never guessed) and named under "left_out". The fetched files
are not in the repository (SOURCE.md); give the directory that holds them, or export them
from bare git mirrors first:

    python bench/data/industry_real/build.py RAW_DIR
    python bench/data/industry_real/build.py RAW_DIR --git-mirrors /work/.mirror

With `--git-mirrors ROOT`, each file is first written to RAW_DIR with
`git --git-dir=ROOT/<owner>+<name>/repo show <commit>:<path>` (the commits in mapping.json "files").
The output is deterministic: same files, same rows.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAP = 260  # at most this many texts per (source, label)
MAX_CHARS = 300
MIN_WORDS = 3
LATIN_SHARE = 0.9  # of the letters, at least this share must be a-z

Row = dict[str, str]
MAPPING = json.loads((HERE / "mapping.json").read_text(encoding="utf-8"))
# local file name -> {"repository", "commit", "path"}: where each fetched file comes from
FILES: dict[str, dict[str, str]] = MAPPING["files"]


def table(source: str) -> dict[str, str]:
    """One source's category -> label table (mapping.json lists categories per label)."""
    labels = MAPPING["sources"][source]["labels"]
    return {category: label for label, names in labels.items() for category in names}


ECOSYSTEM_SECTORS = table("startup_ecosystem")
STARTUP_VERTICALS = table("startup_funding")
PLAY_CATEGORIES = table("google_play")
SELFHOSTED_SECTIONS = table("awesome_selfhosted")
ECOSYSTEM_2018_TAGS = table("startup_ecosystem_2018")
ENTERPRISE_SUBCATEGORIES = table("enterprise_products")  # "category / sub-category"
OSS_CATEGORIES = table("oss_alternatives")
REAL_ESTATE_SECTIONS = table("awesome_real_estate")

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def first_sentence(text: str) -> str:
    """The first sentence of `text`, links reduced to their words, whitespace collapsed."""
    text = " ".join(LINK.sub(r"\1", text).split())
    return SENTENCE_END.split(text, maxsplit=1)[0][:MAX_CHARS].strip()


def usable(text: str) -> bool:
    """At least MIN_WORDS words and mostly Latin letters."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(c.isascii() for c in letters)
    return len(text.split()) >= MIN_WORDS and bool(letters) and latin >= LATIN_SHARE * len(letters)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file: UTF-8, or else Windows-1252 (some copies were saved from Excel)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [{k.strip(): (v or "") for k, v in row.items() if k} for row in rows]


def ecosystem(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from the 2019-2021 ecosystem files: "What it does" / "Sector"."""
    for year in ("2019", "2020", "2021"):
        for row in read_csv(raw / f"startup_funding{year}.csv"):
            label = ECOSYSTEM_SECTORS.get(row.get("Sector", "").strip().lower())
            if label:
                yield row.get("What it does", ""), label


def ecosystem_2018(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from the 2018 file: "About Company" / one label over its "Industry" tags."""
    for row in read_csv(raw / "startup_funding2018.csv"):
        tags = {t.strip() for t in row.get("Industry", "").split(",")}
        labels = {ECOSYSTEM_2018_TAGS[t] for t in tags if t in ECOSYSTEM_2018_TAGS}
        if len(labels) == 1:
            yield row.get("About Company", ""), labels.pop()


def funding(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from the 2015-2020 funding file: "SubVertical" / "IndustryVertical"."""
    for row in read_csv(raw / "startup_funding.csv"):
        label = STARTUP_VERTICALS.get(row.get("IndustryVertical", "").strip().lower())
        if label:
            yield row.get("SubVertical", ""), label


def google_play(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label): app summaries joined by app name to one unambiguous Play category."""
    categories: dict[str, set[str]] = {}
    for row in read_csv(raw / "apps.csv"):
        categories.setdefault(row.get("App", "").strip(), set()).add(row.get("Category", ""))
    for row in read_csv(raw / "AppDescriptions.csv"):
        found = categories.get(row.get("App", "").strip(), set())
        labels = {PLAY_CATEGORIES[c] for c in found if c in PLAY_CATEGORIES}
        if len(labels) == 1 and len(found) == 1:
            yield row.get("Descriptions", ""), labels.pop()


def markdown_entries(path: Path, level: str) -> Iterator[tuple[str, str]]:
    """(section, description) of each "- [Name](url) - description" entry under `level`
    headings ("##" or "###"); the description stops at the first backtick."""
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            marks, _, title = line.partition(" ")
            if marks == level:
                section = title.strip()
            elif len(marks) < len(level):  # a higher heading ends the section
                section = ""
            continue
        match = re.match(r"\s*[-*] \[[^\]]+\]\([^)]*\)\s*[-–—:]\s*(.+)", line)
        if match and section:
            yield section, match.group(1).split("`")[0]


def selfhosted(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from awesome-selfhosted: entry description / "###" section."""
    for section, text in markdown_entries(raw / "awesome_selfhosted.md", "###"):
        if section in SELFHOSTED_SECTIONS:
            yield text, SELFHOSTED_SECTIONS[section]


def real_estate_list(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from awesome-real-estate: entry description / section."""
    for level in ("##", "###"):
        for section, text in markdown_entries(raw / "awesome_real_estate.md", level):
            if section in REAL_ESTATE_SECTIONS:
                yield text, REAL_ESTATE_SECTIONS[section]


def enterprise(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from the enterprise products: description / (category, sub-category)."""
    for row in read_csv(raw / "enterprise_products.csv"):
        category = row.get("taxonomy_category", "").strip()
        key = f"{category} / {row.get('taxonomy_sub_category', '').strip()}"
        if key in ENTERPRISE_SUBCATEGORIES:
            yield row.get("product_description", ""), ENTERPRISE_SUBCATEGORIES[key]


def oss_alternatives(raw: Path) -> Iterator[tuple[str, str]]:
    """(text, label) from awesome-oss-alternatives table rows: Description / Category."""
    for line in (raw / "awesome_oss_alternatives.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if len(cells) > 3 and cells[0].strip() in OSS_CATEGORIES:
            yield cells[2], OSS_CATEGORIES[cells[0].strip()]


READERS = {
    "startup_ecosystem": ecosystem,
    "startup_funding": funding,
    "google_play": google_play,
    "awesome_selfhosted": selfhosted,
    "startup_ecosystem_2018": ecosystem_2018,
    "enterprise_products": enterprise,
    "oss_alternatives": oss_alternatives,
    "awesome_real_estate": real_estate_list,
}


def sha1(text: str) -> str:
    """Hex SHA-1 of a text (the order used for capping and splitting)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def collect(raw: Path) -> list[Row]:
    """Cleaned, de-duplicated rows of every source; texts with two labels are dropped."""
    rows: dict[str, Row] = {}
    labels: dict[str, set[str]] = {}
    for source, read in READERS.items():
        for text, label in read(raw):
            text = first_sentence(text)
            if not usable(text):
                continue
            key = text.lower()
            labels.setdefault(key, set()).add(label)
            rows.setdefault(key, {"text": text, "label": label, "source": source})
    return [row for key, row in rows.items() if len(labels[key]) == 1]


def capped(rows: Iterable[Row]) -> list[Row]:
    """At most CAP rows per (source, label), the ones with the smallest SHA-1."""
    kept: list[Row] = []
    count: Counter[tuple[str, str]] = Counter()
    for row in sorted(rows, key=lambda r: sha1(r["text"])):
        group = (row["source"], row["label"])
        if count[group] < CAP:
            count[group] += 1
            kept.append(row)
    return kept


def split(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Per label, in SHA-1 order: every 5th row from the 1st to test, from the 2nd to dev."""
    parts: dict[str, list[Row]] = {"train": [], "dev": [], "test": []}
    by_label: dict[str, list[Row]] = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row)
    for label in sorted(by_label):
        ordered = sorted(by_label[label], key=lambda r: sha1(r["text"]))
        for i, row in enumerate(ordered):
            parts["test" if i % 5 == 0 else "dev" if i % 5 == 1 else "train"].append(row)
    return parts


def export(mirrors: Path, raw: Path) -> None:
    """Write each file in FILES to `raw` from its bare git mirror under `mirrors`."""
    raw.mkdir(parents=True, exist_ok=True)
    for name, where in FILES.items():
        git_dir = mirrors / where["repository"].replace("/", "+") / "repo"
        commit, path = where["commit"], where["path"]
        blob = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
            check=True,
            capture_output=True,
        ).stdout
        (raw / name).write_bytes(blob)


def main(argv: list[str]) -> int:
    """Build train/dev/test.jsonl next to this file and print their make-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="directory holding the fetched files")
    parser.add_argument("--git-mirrors", type=Path, help="export FILES from these mirrors first")
    args = parser.parse_args(argv)
    if args.git_mirrors:
        export(args.git_mirrors, args.raw)
    parts = split(capped(collect(args.raw)))
    for name, rows in parts.items():
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        sources = Counter(r["source"] for r in rows)
        labels = Counter(r["label"] for r in rows)
        print(f"{name}: {len(rows)} rows; by source {dict(sorted(sources.items()))}")
        print(f"  by label {dict(sorted(labels.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
