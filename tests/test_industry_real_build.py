"""The real-industry sample builder: explicit tables, ambiguous texts dropped, a stable split."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from engine.profile import INDUSTRIES

BUILD = Path(__file__).resolve().parent.parent / "bench" / "data" / "industry_real" / "build.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("industry_real_build", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _module()


def test_every_table_maps_to_our_labels_and_no_category_to_two() -> None:
    for source, entry in build.MAPPING["sources"].items():
        seen: dict[str, str] = {}
        for label, categories in entry["labels"].items():
            assert label in INDUSTRIES and label != "other", (source, label)
            for category in categories:
                assert seen.setdefault(category, label) == label, (source, category)
        assert entry["left_out"], source  # what was dropped is written down
    assert set(build.READERS) == set(build.MAPPING["sources"])
    for where in build.FILES.values():
        assert len(where["commit"]) == 40


def test_first_sentence_strips_links_and_keeps_one_sentence() -> None:
    text = "A [CRM](https://x.io) for  small agencies. Free   for 3 users! `MIT` `PHP`"
    assert build.first_sentence(text) == "A CRM for small agencies."
    assert build.first_sentence("x" * 400) == "x" * build.MAX_CHARS


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("payroll for contractors", True),
        ("tiny app", False),  # fewer than three words
        ("Приложение для аренды квартир онлайн", False),  # not mostly Latin letters
    ],
)
def test_usable_texts(text: str, ok: bool) -> None:
    assert build.usable(text) is ok


def _write(raw: Path, rows: dict[str, list[tuple[str, str]]]) -> None:
    """Fixture files in the sources' formats (only two sources carry rows here)."""
    sectors = rows.get("sector", [])
    header = (
        "Company/Brand,Founded,HeadQuarter,Sector,What it does,Founders,Investor,Amount($),Stage\n"
    )
    (raw / "startup_funding2019.csv").write_text(
        header + "".join(f'x,,,{s},"{t}",,,,\n' for t, s in sectors), encoding="utf-8"
    )
    for year in ("2020", "2021"):
        (raw / f"startup_funding{year}.csv").write_text(header, encoding="utf-8")
    tags = rows.get("tags", [])
    (raw / "startup_funding2018.csv").write_text(
        ",Company Name,Industry,Round/Series,Amount,Location,About Company\n"
        + "".join(f'0,x,"{g}",Seed,1,here,"{t}"\n' for t, g in tags),
        encoding="utf-8",
    )
    (raw / "startup_funding.csv").write_text("IndustryVertical,SubVertical\n", encoding="utf-8")
    (raw / "apps.csv").write_text("App,Category\n", encoding="utf-8")
    (raw / "AppDescriptions.csv").write_text("App,Descriptions\n", encoding="utf-8")
    (raw / "enterprise_products.csv").write_text(
        "taxonomy_category,taxonomy_sub_category,product_description\n", encoding="utf-8"
    )
    for name in ("awesome_selfhosted.md", "awesome_oss_alternatives.md", "awesome_real_estate.md"):
        (raw / name).write_text("# list\n", encoding="utf-8")


def test_ambiguous_rows_are_dropped_and_labels_come_from_the_tables(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "sector": [
                ("applicant tracking for staffing agencies", "HR Tech"),
                ("neo bank for gig workers in tier 2 cities", "FinTech"),
                ("neo bank for gig workers in tier 2 cities", "EdTech"),  # two labels: dropped
                ("does many things for many people", "Tech"),  # ambiguous sector: dropped
            ],
            "tags": [
                ("lets landlords collect rent by upi", "Real Estate, Internet, Apps"),
                ("student loans for coding bootcamps", "Education, FinTech"),  # two labels
            ],
        },
    )
    rows = build.collect(tmp_path)
    got = {(r["text"], r["label"], r["source"]) for r in rows}
    assert got == {
        ("applicant tracking for staffing agencies", "hr", "startup_ecosystem"),
        ("lets landlords collect rent by upi", "real_estate", "startup_ecosystem_2018"),
    }


def test_cap_and_split_are_deterministic_and_stratified() -> None:
    rows = [
        {"text": f"courier app number {i} for small towns", "label": "logistics", "source": "s"}
        for i in range(400)
    ]
    kept = build.capped(rows)
    assert len(kept) == build.CAP
    parts = build.split(kept)
    assert [len(parts[p]) for p in ("train", "dev", "test")] == [156, 52, 52]
    assert build.split(list(reversed(kept))) == parts  # order of the input does not matter
    texts = [r["text"] for p in parts.values() for r in p]
    assert len(set(texts)) == len(texts)


def test_fetched_splits_stay_out_of_git() -> None:
    ignore = (BUILD.parents[3] / ".gitignore").read_text(encoding="utf-8")
    for name in ("train", "dev", "test"):
        assert f"bench/data/industry_real/{name}.jsonl" in ignore
    json.loads((BUILD.parent / "mapping.json").read_text(encoding="utf-8"))
