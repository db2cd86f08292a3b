"""Industry packs load, validate, resolve sub-domain before industry and hold real knowledge."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from engine.packs import GENERAL, chain, find_domain, load_packs, pack_for, packs
from engine.profile import INDUSTRIES
from engine.questions import jargon_in, question_for
from engine.topics import TOPICS

SUB_DOMAINS = (
    "veterinary",
    "dental",
    "legal",
    "accounting",
    "restaurants",
    "construction",
    "warehouse",
    "fitness",
    "farming",
    "nonprofit",
    "real_estate_agents",
    "recruiting",
    "sre",
)
LEVELS = ("novice", "intermediate", "advanced", "expert")


def test_every_pack_is_valid_and_consistent() -> None:
    table = packs()
    assert table, "no packs shipped"
    for pack_id, pack in table.items():
        assert pack.industry in INDUSTRIES
        assert pack.id == pack_id
        for obj in pack.objects:
            assert all(len(row) == len(obj.fields) for row in obj.rows), (pack_id, obj.name)
        names = {o.name for o in pack.objects}
        assert all(not s.object or s.object in names for s in pack.screens), pack_id


def test_domain_wins_over_industry() -> None:
    vet = pack_for("healthcare", "veterinary")
    assert vet is not None
    assert vet.id == "veterinary"
    assert any(r.name == "HIPAA" for r in vet.not_compliance)
    assert pack_for("other", "no-such-domain") is None


def test_every_industry_has_a_pack_and_other_falls_back_to_general() -> None:
    table = packs()
    for industry in INDUSTRIES:
        if industry != "other":
            assert table[industry].industry == industry
    general = table[GENERAL]
    assert set(general.defaults) == {t.id for t in TOPICS}  # every topic has a fallback
    assert set(general.answers) == {t.id for t in TOPICS}
    assert [p.id for p in chain("other")] == [GENERAL]


@pytest.mark.parametrize("domain", SUB_DOMAINS)
def test_sub_domain_packs_are_complete(domain: str) -> None:
    pack = packs()[domain]
    assert pack.industry != "other" or domain in ("farming", "nonprofit", "construction")
    assert len(pack.cues) >= 5 and pack.compliance and pack.not_compliance
    assert len(pack.questions) >= 4 and len(pack.answers) >= 3 and len(pack.defaults) >= 3
    assert len(pack.objects) >= 2 and len(pack.screens) >= 3
    assert all(len(o.rows) >= 3 and o.actions and o.empty for o in pack.objects)
    assert all(0.2 <= d.confidence <= 0.9 and d.basis for d in pack.defaults.values())
    # a strong cue names the domain on its own
    assert find_domain(f"so basically its for {pack.cues[0]} stuff")[0] == domain


def test_sample_rows_are_never_shared_between_packs() -> None:
    seen: dict[tuple[str, ...], str] = {}
    for pack in packs().values():
        for obj in pack.objects:
            for row in obj.rows:
                assert row not in seen, f"{pack.id} reuses a row of {seen.get(row)}"
                seen[row] = pack.id


@pytest.mark.parametrize("pack_id", sorted(packs()))
def test_novice_wording_has_no_jargon(pack_id: str) -> None:
    pack = packs()[pack_id]
    domain = pack_id if pack_id != pack.industry and pack_id != GENERAL else ""
    for topic in TOPICS:
        for level in ("novice", "intermediate"):
            text = question_for(topic.id, level, pack.industry, "", domain)
            assert not jargon_in(text), (pack_id, topic.id, level, text)
    for text in pack.questions.values():
        assert not jargon_in(text), (pack_id, text)


def test_the_jargon_list_catches_what_experts_are_asked() -> None:
    expert = question_for("feature_priorities", "expert", "other")
    assert "moscow" in jargon_in(expert)
    assert jargon_in(question_for("platforms", "expert", "other")) == ["stack"]
    assert not jargon_in("Where will people use it: a phone app, a website, or both?")


@pytest.mark.parametrize("level", LEVELS)
def test_vet_never_asks_or_assumes_hipaa(level: str) -> None:
    for topic in TOPICS:
        text = question_for(topic.id, level, "healthcare", "", "veterinary")  # type: ignore[arg-type]
        assert "hipaa" not in text.lower(), (topic.id, text)
    vet = packs()["veterinary"]
    for default in vet.defaults.values():
        for hit in re.finditer(r"hipaa", default.value, re.IGNORECASE):
            assert default.value[max(0, hit.start() - 3) : hit.start()].lower() == "no "


def test_a_new_pack_file_is_picked_up(tmp_path: Path) -> None:
    folder = resources.files("engine").joinpath("data", "packs")
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            (tmp_path / entry.name).write_text(entry.read_text(encoding="utf-8"), "utf-8")
    extra = {
        "id": "beekeeping",
        "industry": "other",
        "label": "Beekeeping",
        "cues": ["beekeeper", "beekeepers", "apiary", "hives"],
        "questions": {"scale": "How many hives do you look after, and in how many yards?"},
        "defaults": {"scale": {"value": "20-200 hives in 2-10 yards", "basis": "Sideliner"}},
    }
    (tmp_path / "beekeeping.json").write_text(json.dumps(extra), "utf-8")
    table = load_packs(tmp_path)
    assert set(table) == set(packs()) | {"beekeeping"}
    assert find_domain("app for beekeepers to log hive inspections", table)[0] == "beekeeping"
    assert [p.id for p in chain("other", "beekeeping", table)] == ["beekeeping", GENERAL]
