"""Build the real industry sample (train/dev/test.jsonl) from fetched public files.

Every text is a one-line product or company description written by someone else, with a
category someone else assigned; the tables below map each source's categories to our 12
`Industry` labels. A category that fits more than one of our labels is left out of its table
(dropped, never guessed). The fetched files are not in the repository (SOURCE.md); give the
directory that holds them, or export them from bare git mirrors first:

    python bench/data/industry_real/build.py RAW_DIR
    python bench/data/industry_real/build.py RAW_DIR --git-mirrors /work/.mirror

With `--git-mirrors ROOT`, each file is first written to RAW_DIR with
`git --git-dir=ROOT/<owner>+<name>/repo show <commit>:<path>` (the commits named in `FILES`).
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

# (repository, commit, path in the repository, local file name)
FILES: tuple[tuple[str, str, str, str], ...] = (
    (
        "matteobalducci/Startup_Analysis",
        "8156d0fee0e3d6756f4ad1334224bbdfabd0f615",
        "startup_funding2019.csv",
        "startup_funding2019.csv",
    ),
    (
        "matteobalducci/Startup_Analysis",
        "8156d0fee0e3d6756f4ad1334224bbdfabd0f615",
        "startup_funding2020.csv",
        "startup_funding2020.csv",
    ),
    (
        "matteobalducci/Startup_Analysis",
        "8156d0fee0e3d6756f4ad1334224bbdfabd0f615",
        "startup_funding2021.csv",
        "startup_funding2021.csv",
    ),
    (
        "parockson/analysis-into-indian-startup-ecosystem",
        "ebfcbb20a4d2b39432eb32ffb042e7d6d5167916",
        "dataset/startup_funding2018.csv",
        "startup_funding2018.csv",
    ),
    (
        "MeghaGada/Startups-and-Startup-Funding-datasets",
        "6e6f2d7e5b63ec5cb31203c6304d1ad341e93bf3",
        "startup_funding.csv",
        "startup_funding.csv",
    ),
    (
        "abdulSalamKagaji97/AbdulSalamKagaji_DATA606",
        "e28f4f08e1cea5aac2650e0bee3433a749b83264",
        "data/AppDescriptions.csv",
        "AppDescriptions.csv",
    ),
    (
        "abdulSalamKagaji97/AbdulSalamKagaji_DATA606",
        "e28f4f08e1cea5aac2650e0bee3433a749b83264",
        "data/apps.csv",
        "apps.csv",
    ),
    (
        "awesome-selfhosted/awesome-selfhosted",
        "2aa7304d793ede626492daa890fea95915b35da3",
        "README.md",
        "awesome_selfhosted.md",
    ),
    (
        "vk1815918/Technology-Product-Categorization",
        "218854ae2a94ed7daadd8d35b39057d25628db5e",
        "Dataset/products.csv",
        "enterprise_products.csv",
    ),
    (
        "RunaCapital/awesome-oss-alternatives",
        "e5a1bd6153c602404c6f25a97b178228b755aebb",
        "README.md",
        "awesome_oss_alternatives.md",
    ),
    (
        "etewiah/awesome-real-estate",
        "947ff71e4b4594a8087ecc8ce09fc67342295ee5",
        "README.md",
        "awesome_real_estate.md",
    ),
)

# Indian startup ecosystem 2019-2021, column "Sector" (lower-cased). Left out as ambiguous:
# "tech", "it", "computer software", "ai", "consumer services", "b2b", "marketplace",
# "retail", "transport(ation)"/"mobility" (ride hailing or freight), "health, wellness &
# fitness", "biotechnology", "blockchain", "food", "travel", "hospitality", "social media".
ECOSYSTEM_SECTORS: dict[str, str] = {
    **dict.fromkeys(
        (
            "fintech",
            "financial services",
            "finance",
            "finance company",
            "banking",
            "insurance",
            "insuretech",
            "insurtech",
            "insurance technology",
            "crypto",
        ),
        "fintech",
    ),
    **dict.fromkeys(
        (
            "healthcare",
            "healthtech",
            "health care",
            "heathcare",
            "hospital & health care",
            "health",
            "medtech",
            "pharmaceutical",
        ),
        "healthcare",
    ),
    **dict.fromkeys(
        ("edtech", "e-learning", "education", "edtech startup", "education management"),
        "education",
    ),
    **dict.fromkeys(
        (
            "e-commerce",
            "ecommerce",
            "social commerce",
            "social e-commerce",
            "d2c",
            "e-market",
            "e-marketplace",
        ),
        "ecommerce",
    ),
    **dict.fromkeys(("logistics", "logistics & supply chain", "logitech"), "logistics"),
    **dict.fromkeys(("hr tech", "human resources", "recruitment", "job portal"), "hr"),
    **dict.fromkeys(("real estate", "proptech"), "real_estate"),
    **dict.fromkeys(
        (
            "media",
            "gaming",
            "entertainment",
            "digital media",
            "music",
            "online media",
            "gaming startup",
            "computer games",
            "publication",
        ),
        "media_entertainment",
    ),
    **dict.fromkeys(("saas", "saas startup", "saas platform"), "b2b_saas"),
    **dict.fromkeys(("dating", "fitness", "fitness startup", "social network"), "consumer"),
}

# Indian startup funding 2015-2020, column "IndustryVertical" (lower-cased); the text is
# "SubVertical". Left out: "consumer internet", "technology", "it", "others", "services",
# "transportation", "food & beverage", "b2b" (each spans several of our labels).
STARTUP_VERTICALS: dict[str, str] = {
    **dict.fromkeys(("ecommerce", "e-commerce", "online marketplace"), "ecommerce"),
    **dict.fromkeys(("healthcare", "health care", "health-tech platform"), "healthcare"),
    **dict.fromkeys(
        (
            "finance",
            "fintech",
            "fin-tech",
            "financial tech",
            "online payment gateway",
            "digital / mobile wallet",
        ),
        "fintech",
    ),
    **dict.fromkeys(("education", "ed-tech", "edtech", "online education platform"), "education"),
    **dict.fromkeys(
        ("logistics", "logistics tech", "logistics tech platform", "online logistics platform"),
        "logistics",
    ),
    "real estate": "real_estate",
    **dict.fromkeys(("saas", "customer engagement platform"), "b2b_saas"),
    **dict.fromkeys(("job search platform", "online hiring platform"), "hr"),
    **dict.fromkeys(("gaming", "digital media"), "media_entertainment"),
}

# Google Play "Category". Left out: BUSINESS (job search, invoicing, scanners), PRODUCTIVITY,
# TOOLS, LIFESTYLE, HEALTH_AND_FITNESS (fitness apps or medical ones), HOUSE_AND_HOME
# (property search or home decor), TRAVEL_AND_LOCAL, FOOD_AND_DRINK, BOOKS_AND_REFERENCE,
# FAMILY, and the rest that fit none of our labels.
PLAY_CATEGORIES: dict[str, str] = {
    "FINANCE": "fintech",
    "MEDICAL": "healthcare",
    "EDUCATION": "education",
    "SHOPPING": "ecommerce",
    "DATING": "consumer",
    "SOCIAL": "consumer",
    "PARENTING": "consumer",
    **dict.fromkeys(
        ("GAME", "ENTERTAINMENT", "VIDEO_PLAYERS", "NEWS_AND_MAGAZINES", "COMICS"),
        "media_entertainment",
    ),
}

# awesome-selfhosted "###" sections. Left out: everything generic (file sync, backup,
# communication, analytics, automation, task lists, document management, health and
# fitness, inventory management, project management under software development, ...).
SELFHOSTED_SECTIONS: dict[str, str] = {
    **dict.fromkeys(
        (
            "Software Development",
            "Software Development - API Management",
            "Software Development - Continuous Integration & Deployment",
            "Software Development - FaaS & Serverless",
            "Software Development - Feature Toggle",
            "Software Development - IDE & Tools",
            "Software Development - Localization",
            "Software Development - Low Code",
            "Software Development - Testing",
            "Database Management",
            "Static Site Generators",
            "Web Servers",
        ),
        "developer_tools",
    ),
    **dict.fromkeys(
        (
            "Customer Relationship Management (CRM)",
            "Ticketing",
            "Resource Planning",
            "Groupware",
            "Booking and Scheduling",
            "Knowledge Management Tools",
        ),
        "b2b_saas",
    ),
    "Human Resources Management (HRM)": "hr",
    "E-commerce": "ecommerce",
    "Learning and Courses": "education",
    "Money, Budgeting & Management": "fintech",
    "Recipe Management": "consumer",
    **dict.fromkeys(
        (
            "Games",
            "Media Streaming",
            "Media Streaming - Audio Streaming",
            "Media Streaming - Multimedia Streaming",
            "Media Streaming - Video Streaming",
        ),
        "media_entertainment",
    ),
}

# Enterprise software products (an enterprise taxonomy: "taxonomy_category" /
# "taxonomy_sub_category"). Left out: data and BI, AI/ML, IT infrastructure, telecom network,
# GIS, asset and device management, "Ordering & Billing" (telecom billing), UX design.
ENTERPRISE_SUBCATEGORIES: dict[tuple[str, str], str] = {
    **dict.fromkeys(
        (
            ("Design, Development & Delivery", "Software Design & Development"),
            ("Design, Development & Delivery", "Quality Engineering"),
            ("Design, Development & Delivery", "Software Delivery"),
            ("Performance, Monitoring & Logging", "Application Performance & Resiliency"),
            ("Performance, Monitoring & Logging", "Monitoring & Logging"),
            (
                "Management & Governance",
                "Application Development Lifecycle Management (ADLM)",
            ),
        ),
        "developer_tools",
    ),
    **dict.fromkeys(
        (
            ("Customer Operational Platforms", "Sales Mgmt"),
            ("Customer Operational Platforms", "Customer Experience"),
            ("Marketing Management", "Marketing Automation"),
            ("Digital Workplace", "Collaboration & Productivity"),
            ("Enterprise Platforms", "Enterprise Resource Planning (ERP)"),
            ("Enterprise Platforms", "Workflow and Business Process Management (W-BPM)"),
        ),
        "b2b_saas",
    ),
    ("Enterprise Platforms", "Human Resources Management (HRM)"): "hr",
    ("Enterprise Platforms", "Supply Chain Management (SCM)"): "logistics",
    ("Enterprise Platforms", "Finance"): "fintech",
    ("Customer Operational Platforms", "Retail & Ecommerce"): "ecommerce",
}

# Open-source startups (awesome-oss-alternatives), column "Category". Left out: CMS,
# notetaking, enterprise search, cybersecurity, messaging, file hosting, analytics of
# websites and products, no-code databases, communication, design, streaming, and the rest.
OSS_CATEGORIES: dict[str, str] = {
    **dict.fromkeys(
        (
            "API Gateway",
            "API Platform",
            "Auth & SSO",
            "Backend as a service",
            "Platform as a service",
            "Observability and monitoring",
            "ML Ops",
            "Timeseries database",
            "Graph database",
            "Relational database",
            "Feature flag and toggle management",
            "Localization (i18n)",
            "Log Management",
            "Cloud Development Environment",
            "Webhooks",
            "Tunnelling",
            "Internal Tools",
        ),
        "developer_tools",
    ),
    **dict.fromkeys(
        (
            "Project Management",
            "Customer Engagement",
            "Helpdesk Solution",
            "Marketing SaaS",
            "Email marketing",
            "Form Building",
            "Surveys",
            "Scheduling",
            "Digital Signature",
            "ERP",
            "Business Intelligence",
        ),
        "b2b_saas",
    ),
    "E-commerce": "ecommerce",
    "Financial Service": "fintech",
}

# awesome-real-estate "##"/"###" sections: products and services for real estate. Left out:
# accelerators, GitHub projects (code about real-estate data), blogs, events, podcasts,
# education, gamification, geospatial data, research.
REAL_ESTATE_SECTIONS: dict[str, str] = dict.fromkeys(
    (
        "Marketplaces",
        "Analytics Platforms",
        "CRMs",
        "Visualization Tools",
        "APIs",
        "Lead Page Builders",
        "Website Providers",
        "Marketing",
    ),
    "real_estate",
)

# Indian startup ecosystem 2018, column "Industry": comma-separated Crunchbase-style tags.
# A row is kept only when its mapped tags name exactly one label; tags not in this table
# ("Internet", "Apps", "Marketplace", "Information Technology", ...) say nothing.
ECOSYSTEM_2018_TAGS: dict[str, str] = {
    **dict.fromkeys(
        (
            "Financial Services",
            "Finance",
            "FinTech",
            "Lending",
            "Banking",
            "Payments",
            "Mobile Payments",
            "Credit",
            "Consumer Lending",
            "Insurance",
            "InsurTech",
            "Personal Finance",
            "Trading Platform",
            "Wealth Management",
            "Credit Cards",
            "Micro Lending",
            "Cryptocurrency",
            "Life Insurance",
        ),
        "fintech",
    ),
    **dict.fromkeys(
        (
            "Health Care",
            "Hospital",
            "Medical",
            "Medical Device",
            "Health Diagnostics",
            "Pharmaceutical",
            "Personal Health",
            "mHealth",
            "Dental",
            "Home Health Care",
            "Elder Care",
            "Biopharma",
            "Diabetes",
        ),
        "healthcare",
    ),
    **dict.fromkeys(
        (
            "Education",
            "E-Learning",
            "EdTech",
            "Higher Education",
            "Secondary Education",
            "STEM Education",
            "Continuing Education",
            "Tutoring",
        ),
        "education",
    ),
    **dict.fromkeys(("E-Commerce", "E-Commerce Platforms", "Shopping"), "ecommerce"),
    **dict.fromkeys(
        (
            "Logistics",
            "Supply Chain Management",
            "Freight Service",
            "Shipping",
            "Last Mile Transportation",
        ),
        "logistics",
    ),
    **dict.fromkeys(("Human Resources", "Career Planning"), "hr"),
    **dict.fromkeys(
        (
            "Real Estate",
            "Rental Property",
            "Property Management",
            "Commercial Real Estate",
            "Property Development",
        ),
        "real_estate",
    ),
    **dict.fromkeys(
        (
            "Media and Entertainment",
            "Digital Media",
            "Digital Entertainment",
            "Video Streaming",
            "Music",
            "Music Streaming",
            "Gaming",
            "Video Games",
            "eSports",
            "Online Games",
            "PC Games",
            "Broadcasting",
            "TV",
            "Internet Radio",
            "News",
        ),
        "media_entertainment",
    ),
    **dict.fromkeys(
        (
            "SaaS",
            "Enterprise Software",
            "CRM",
            "Marketing Automation",
            "Sales Automation",
            "Collaboration",
            "Productivity Tools",
            "Enterprise Resource Planning (ERP)",
        ),
        "b2b_saas",
    ),
    **dict.fromkeys(
        ("Developer Tools", "Developer Platform", "PaaS", "Cloud Infrastructure"),
        "developer_tools",
    ),
    **dict.fromkeys(("Dating", "Social Network", "Fitness"), "consumer"),
}

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
        key = (
            row.get("taxonomy_category", "").strip(),
            row.get("taxonomy_sub_category", "").strip(),
        )
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
    for repo, commit, path, name in FILES:
        git_dir = mirrors / repo.replace("/", "+") / "repo"
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
