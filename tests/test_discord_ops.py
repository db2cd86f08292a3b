"""Discord operations: uploads over the limit, command sync, doctor, shards, serve wiring."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import discord
import pytest
from PIL import Image

from bot.cli import main
from bot.discord_client import check_discord, make_client, sync_commands
from engine.messages import Attachment, Inbound, Reply, Send
from tests.discord_bot import ANN, Bots, discord_settings, until
from tests.fakes.discord_api import APP_ID, GUILD_ID, FakeDiscord
from tests.harness import make_chat, posted


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(upload_limit=200_000)
    await server.start()
    yield server
    await server.stop()


def _png(size: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (40, 90, 160)).save(out, format="PNG")
    return out.getvalue()


class Files:
    """Answers `export` with a small brief, a wireframe PNG and a PDF over the upload limit."""

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        return ""

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        files = (
            Attachment("brief.md", b"# Brief\n", "text/markdown", "Requirements brief"),
            Attachment("wireframe.png", _png(64), "image/png", "Wireframe"),
            Attachment("pack.pdf", b"%PDF" + b"0" * 300_000, "application/pdf", "PDF pack"),
        )
        reply = Reply(f"Here are the files for {inbound.text}.", files, kind="deliverables")
        return await posted(reply, send)

    def starts_interview(self, text: str) -> bool:
        return False


async def test_files_over_the_guild_limit_are_named_and_the_rest_uploaded(
    fake: FakeDiscord, bots: Bots
) -> None:
    await bots.start(fake, Files())
    interaction = await fake.slash("export", user=ANN)
    uploads = await until(lambda: [c for c in fake.calls if c.files])
    await until(lambda: any("upload limit" in str(c.body) for c in fake.calls))
    names = [f.filename for c in uploads for f in c.files]
    assert names == ["brief.md", "wireframe.png"]
    assert all(f"itoken-{interaction}" in c.path for c in uploads)  # follow-ups while fresh
    note = next(c for c in fake.calls if "upload limit" in str(c.body))
    assert "pack.pdf" in str(note.body)
    png = next(f for c in uploads for f in c.files if f.filename == "wireframe.png")
    with Image.open(io.BytesIO(png.content)) as image:
        assert image.size == (64, 64)


async def test_command_sync_to_the_dev_guild_or_globally(fake: FakeDiscord) -> None:
    names = await sync_commands(discord_settings(fake, DISCORD_GUILD_ID=GUILD_ID))
    assert names == ["interview"]
    (put,) = fake.sent(f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands", "PUT")
    (command,) = put.body  # type: ignore[misc]
    subcommands = {o["name"] for o in command["options"]}
    assert subcommands == {"start", "status", "export", "email", "forget", "help"}
    await sync_commands(discord_settings(fake))
    assert fake.sent(f"/applications/{APP_ID}/commands", "PUT")
    assert not fake.identifies  # syncing never joins the gateway


async def test_doctor_checks_the_token_and_the_message_content_intent(fake: FakeDiscord) -> None:
    ok, message = await check_discord(discord_settings(fake))
    assert ok and "Meta-Agent" in message
    fake.message_content = False
    ok, message = await check_discord(discord_settings(fake))
    assert not ok and "Message Content intent" in message
    ok, message = await check_discord(discord_settings(fake, DISCORD_BOT_TOKEN="wrong"))
    assert not ok and "rejected" in message and "wrong" not in message


async def test_shards_from_settings(fake: FakeDiscord, bots: Bots) -> None:
    settings = discord_settings(fake, DISCORD_SHARD_COUNT=2, DISCORD_SHARD_IDS="1")
    client, _ = make_client(settings, make_chat().engine)
    assert isinstance(client, discord.AutoShardedClient)
    assert client.shard_count == 2 and client.shard_ids == [1]
    await bots.start(fake, make_chat().engine, DISCORD_SHARD_COUNT=2, DISCORD_SHARD_IDS="1")
    assert fake.identifies[-1]["shard"] == [1, 2]
    with pytest.raises(ValueError, match="DISCORD_SHARD_COUNT"):
        make_client(discord_settings(fake, DISCORD_SHARD_IDS="0,1"), make_chat().engine)
    plain, _ = make_client(discord_settings(fake), make_chat().engine)
    assert not isinstance(plain, discord.AutoShardedClient)
    assert plain.allowed_mentions is not None and plain.allowed_mentions.to_dict() == {"parse": []}
    assert plain.intents.message_content
    await plain.close()
    await client.http.close()


def test_discord_sync_without_a_token_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discord-sync"]) == 2
    assert "DISCORD_BOT_TOKEN" in capsys.readouterr().err


async def test_serve_runs_the_discord_bot_when_its_token_is_set(fake: FakeDiscord) -> None:

    from contextlib import AsyncExitStack

    from bot.serve import services

    settings = discord_settings(fake)
    assert settings.slack_bot_token is None
    (service,) = services(settings, make_chat().engine)
    async with AsyncExitStack() as stack:
        await service.start(stack)
        await until(lambda: fake.identifies)
        assert await service.ready()
        assert fake.identifies[0]["token"] == settings.discord_bot_token.get_secret_value()  # type: ignore[union-attr]
        assert fake.identifies[0]["intents"] & discord.Intents(message_content=True).value
        assert await service.stop(1.0) == 0
    assert not await service.ready()


async def test_ack_first_holds_new_work_while_a_deferral_is_in_flight() -> None:
    import asyncio

    from bot.discord_send import AckFirst

    gate = AckFirst()
    await gate.wait()  # idle: no wait
    order: list[str] = []
    release = asyncio.Event()

    async def deferral() -> None:
        async with gate.acking():
            await release.wait()
            order.append("ack")

    async def work() -> None:
        await gate.wait()
        order.append("work")

    acking = asyncio.create_task(deferral())
    await asyncio.sleep(0)
    working = asyncio.create_task(work())
    await asyncio.sleep(0.01)
    assert order == []  # the work waits for the ack
    release.set()
    await asyncio.gather(acking, working)
    assert order == ["ack", "work"]
