"""Industry packs load, validate and resolve sub-domain before industry."""

from __future__ import annotations

from engine.packs import pack_for, packs
from engine.profile import INDUSTRIES


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
