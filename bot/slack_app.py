"""Slack adapter: a Bolt AsyncApp (HTTP or Socket Mode) that turns Slack payloads into Inbounds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from collections.abc import AsyncIterator, Coroutine, Mapping
from dataclasses import replace
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts as AsyncPrompts,
)
from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
from slack_sdk.web.async_client import AsyncWebClient

from bot.handler import Handler
from bot.recent import Recent
from bot.recovery import recovering
from bot.slack_events import (
    Target,
    Turn,
    action_to_turn,
    event_to_turn,
    is_dm,
    is_silent,
    mentions,
    message_ignored,
    team_of,
)
from bot.slack_format import (
    ACTION_PREFIX,
    THINKING,
    SlackMessage,
    apology,
    escape,
    markdown_to_mrkdwn,
    reply_messages,
    slack_to_plain,
)
from bot.slack_recovery import recover
from bot.slack_send import (
    Listing,
    assistant_status,
    assistant_title,
    best_effort,
    greet,
    placeholder_metadata,
    pooled,
    post,
    post_failure_hint,
    publish_home,
    retire_buttons,
    turn_ref,
    update,
    upload,
)
from bot.slack_server import EVENTS_PATH, AckFirst, build_web_app, new_bolt_app, start_http
from engine.messages import Inbound, Reply, ThreadKey
from engine.redact import thread_hash
from engine.settings import Settings, plain

log = logging.getLogger(__name__)

DRAIN_SECONDS = 30.0
COMMAND = "/interview"
USAGE = "Start an interview with `/interview` followed by your idea, or by mentioning me."
RESEND = "I was restarting and couldn't finish this answer. Please send your last message again."

Body = dict[str, Any]


# ---------------------------------------------------------------- the adapter


class SlackAdapter:
    """Bolt listeners wired to a Handler: delivery memory and sending, no interview logic."""

    def __init__(self, app: AsyncApp, handler: Handler, memory: int = 4096) -> None:
        """Register the listeners on `app`; remember at most `memory` ids and threads."""
        self.app = app
        self.handler = handler
        self._seen: Recent[str, bool] = Recent(memory)
        self._permalinks: Recent[str, str] = Recent(memory)
        self._tasks: set[asyncio.Task[None]] = set()
        self._ack_first = AckFirst()
        assistant = AsyncAssistant()
        assistant.thread_started(self.on_assistant_thread_started)
        assistant.user_message(self.on_assistant_message)
        assistant.thread_context_changed(self.on_assistant_context_changed)
        app.assistant(assistant)  # before the message listener: it takes assistant threads
        app.event("app_mention")(self.on_app_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_app_home_opened)
        app.command(COMMAND)(self.on_command)
        app.action(re.compile(f"^{ACTION_PREFIX}"))(self.on_action)

    @classmethod
    def build(
        cls, settings: Settings, handler: Handler, client: AsyncWebClient | None = None
    ) -> SlackAdapter:
        """An adapter on a new AsyncApp configured from settings."""
        return cls(new_bolt_app(settings, client), handler)

    # ------------------------------------------------------------ listeners

    async def on_app_mention(
        self, body: Body, event: Body, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """An @mention in a channel starts or continues the interview in its thread."""
        if not self._fresh(body) or event.get("bot_id") or not event.get("user"):
            return
        await self._launch(
            client, event_to_turn(event, team_of(body, context), context.bot_user_id)
        )

    async def on_message(
        self, body: Body, event: Body, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """DMs always; channel thread replies go to the engine unaddressed (it knows its own).
        Messages in DM threads never get here: the assistant middleware takes them."""
        bot = context.bot_user_id
        if not self._fresh(body) or message_ignored(event, bot):
            return
        dm = is_dm(event)
        turn = event_to_turn(event, team_of(body, context), bot, addressed=dm)
        if not dm and (mentions(str(event.get("text", "")), bot) or "thread_ts" not in event):
            return  # the app_mention twin owns mentions; top-level chatter is not ours
        await self._launch(client, turn)

    async def on_assistant_thread_started(
        self, body: Body, say: AsyncSay, set_suggested_prompts: AsyncPrompts
    ) -> None:
        """A new assistant thread: greet and suggest prompts that start an interview."""
        if self._fresh(body):
            self._spawn(greet(say, set_suggested_prompts))

    async def on_assistant_message(
        self, body: Body, event: Body, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """A message in an assistant thread (the middleware recognised it): a DM turn whose
        progress shows as the thread's status and whose title names the thread."""
        bot = context.bot_user_id
        if not self._fresh(body) or message_ignored(event, bot):
            return
        turn = event_to_turn(event, team_of(body, context), bot)
        await self._launch(client, replace(turn, target=replace(turn.target, assistant=True)))

    async def on_assistant_context_changed(self, body: Body) -> None:
        """The user opened the pane from another channel: the interview does not use that
        channel, so nothing is stored (Bolt's default would write it into message metadata)."""

    async def on_app_home_opened(
        self, body: Body, event: Body, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """The Home tab opened: publish the how-to and the reader's recent interviews."""
        if event.get("tab") != "home" or not event.get("user") or not self._fresh(body):
            return
        listing = self.handler if isinstance(self.handler, Listing) else None
        team, user = team_of(body, context), str(event["user"])
        self._spawn(publish_home(client, listing, team, user, self._permalinks))

    async def on_command(
        self, ack: AsyncAck, body: Body, client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """`/interview <idea>` starts an interview; any other text goes to the engine at
        channel level, which acts on the user's latest interview there."""
        text = slack_to_plain(str(body.get("text", "")), mention_ids=True)
        if not text:
            await ack(text=USAGE)
            return
        await ack()
        if self.handler.starts_interview(text):
            self._spawn(self._start_interview(client, respond, body, text))
            return
        channel = ThreadKey("slack", str(body.get("team_id", "")), str(body["channel_id"]), "")
        self._spawn(
            self._channel_command(client, respond, self._command_inbound(body, channel, text))
        )

    async def on_action(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        """A button press: ack, retire the buttons, send the action to the engine."""
        await ack()
        turn = action_to_turn(body)
        if turn is None:
            return
        self._spawn(retire_buttons(client, body))
        await self._launch(client, turn)

    # ------------------------------------------------------------ turns

    def _fresh(self, body: Mapping[str, Any]) -> bool:
        """False for a redelivered event (Slack retries keep the event_id)."""
        event_id = body.get("event_id")
        return event_id is None or self._seen.put(f"event:{event_id}", True)

    async def _launch(self, client: AsyncWebClient, turn: Turn) -> None:
        """Take the message's place in line now (Bolt answers Slack only after the listeners
        return, so the next message cannot overtake it), then start the turn in the
        background unless this message was already taken (mention + message twins)."""
        inbound = turn.inbound
        if not self._seen.put(inbound.message_id, True):
            return
        ticket = await self.handler.arrive(inbound, turn_ref(turn, None))
        self._spawn(self._run(client, turn, ticket))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` in the background, tracked so `drain()` can wait for it."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for every running turn, including turns they start (shutdown and tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _run(self, client: AsyncWebClient, turn: Turn, ticket: str) -> None:
        """Placeholder, engine, answer; one catch-all that apologises in the thread.

        An unaddressed reply gets no placeholder: the engine may ignore it.
        """
        placeholder: str | None = None
        try:
            await self._ack_first.wait()
            if turn.inbound.addressed:
                placeholder = await self._thinking(client, turn.target, turn.inbound.message_id)

            async def send(reply: Reply) -> None:
                await self._deliver(client, turn.target, reply, placeholder)

            await self.handler.handle(turn.inbound, ticket, turn_ref(turn, placeholder), send)
        except asyncio.CancelledError:  # shutdown grace ran out: never leave "thinking…" behind
            await self._post_safely(client, turn.target, placeholder, SlackMessage(RESEND))
            raise
        except Exception:
            ref = secrets.token_hex(3)
            thread = thread_hash(turn.inbound.thread.slug())
            log.exception("slack turn failed (ref %s, thread %s)", ref, thread)
            await self._apologize(client, turn.target, placeholder, ref)

    async def recover_once(self, client: AsyncWebClient) -> int:
        """Answer the turns a dead replica left unfinished (`slack_recovery.recover`)."""
        return await recover(self.handler, client, self._deliver)

    async def _thinking(
        self, client: AsyncWebClient, target: Target, message_id: str
    ) -> str | None:
        """Show that we are working: the assistant thread's status (cleared by our answer),
        else (or when Slack refuses the status) a placeholder message naming `message_id`."""
        if target.assistant and await assistant_status(client, target):
            return None
        metadata = placeholder_metadata(message_id)
        response = await post(client, target, SlackMessage(THINKING), metadata)
        return str(response["ts"])

    async def _deliver(
        self, client: AsyncWebClient, target: Target, reply: Reply, placeholder: str | None
    ) -> None:
        """Replace the placeholder with the answer, post the rest, upload the files."""
        messages = [] if is_silent(reply) else reply_messages(reply)
        if placeholder is not None:
            if messages:
                await update(client, target.channel, placeholder, messages.pop(0))
            else:
                await client.chat_delete(channel=target.channel, ts=placeholder)
        for message in messages:
            await post(client, target, message)
        if reply.attachments and reply.kind != "duplicate":
            await upload(client, target, reply.attachments)
        if reply.title and target.assistant:
            await best_effort(assistant_title(client, target, reply.title))

    async def stop(self, grace: float) -> int:
        """Let running turns finish for up to `grace` seconds, then cancel the rest (each one
        replaces its placeholder with a "please resend"). Returns how many were cancelled."""
        deadline = asyncio.get_running_loop().time() + grace
        while self._tasks and (left := deadline - asyncio.get_running_loop().time()) > 0:
            await asyncio.wait(set(self._tasks), timeout=left)
        pending = set(self._tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return len(pending)

    async def _post_safely(
        self,
        client: AsyncWebClient,
        target: Target,
        placeholder: str | None,
        message: SlackMessage,
        what: str = "to Slack during shutdown",
    ) -> None:
        """Replace the placeholder (or post) with `message`; log, never raise."""
        try:
            if placeholder is not None:
                await update(client, target.channel, placeholder, message)
            else:
                await post(client, target, message)
        except Exception:
            log.exception("could not post %s", what)

    async def _apologize(
        self, client: AsyncWebClient, target: Target, placeholder: str | None, ref: str
    ) -> None:
        """Post the short apology; never raise."""
        what = f"the apology (ref {ref})"
        await self._post_safely(client, target, placeholder, SlackMessage(apology(ref)), what)

    async def _start_interview(
        self, client: AsyncWebClient, respond: AsyncRespond, body: Body, idea: str
    ) -> None:
        """Post "Interview: <idea>" in the channel and run the interview in its thread."""
        channel = str(body["channel_id"])
        try:
            parent = await client.chat_postMessage(
                channel=channel, text=f"Interview: {escape(idea[:300])}", unfurl_links=False
            )
        except Exception as exc:
            ref = secrets.token_hex(3)
            log.exception("could not start an interview (ref %s)", ref)
            hint = post_failure_hint(exc)
            await best_effort(respond(text=apology(ref) + hint, response_type="ephemeral"))
            return
        ts = str(parent["ts"])
        thread = ThreadKey("slack", str(body.get("team_id", "")), channel, ts)
        await self._launch(
            client, Turn(self._command_inbound(body, thread, idea), Target(channel, ts))
        )

    async def _channel_command(
        self, client: AsyncWebClient, respond: AsyncRespond, inbound: Inbound
    ) -> None:
        """A slash command for the user's latest interview: answered in that thread, or
        privately when the engine found none."""
        try:
            reply = await self.handler.handle(inbound)
            if reply.thread is None:
                if not is_silent(reply):
                    await respond(text=markdown_to_mrkdwn(reply.text), response_type="ephemeral")
                return
            thread = reply.thread.thread
            dm = thread == reply.thread.channel
            target = Target(reply.thread.channel, None if dm else thread)
            await self._deliver(client, target, reply, None)
        except Exception:
            ref = secrets.token_hex(3)
            log.exception("slack command failed (ref %s)", ref)
            await best_effort(respond(text=apology(ref), response_type="ephemeral"))

    @staticmethod
    def _command_inbound(body: Mapping[str, Any], thread: ThreadKey, text: str) -> Inbound:
        """A slash command as an Inbound; the trigger id is its delivery id."""
        return Inbound(
            thread=thread,
            message_id=f"command:{body.get('trigger_id') or secrets.token_hex(8)}",
            user_id=str(body["user_id"]),
            user_name=str(body.get("user_name") or body["user_id"]),
            text=text,
        )

    # ------------------------------------------------------------ serving

    def web_app(self) -> web.Application:
        """An aiohttp application serving Slack's HTTP requests on /slack/events.

        While it runs, Web API calls share one keep-alive session; shutdown drains the turns.
        """
        application = build_web_app(self.app)
        application.middlewares.append(self._ack_first.middleware)

        async def lifetime(_: web.Application) -> AsyncIterator[None]:
            async with pooled(self.app.client), self.recovering():
                yield
                async with asyncio.timeout(DRAIN_SECONDS):
                    await self.drain()

        application.cleanup_ctx.append(lifetime)
        return application

    def recovering(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Run the recovery loop while inside (stopped on exit)."""
        return recovering(lambda: self.recover_once(self.app.client))

    async def serve_http(self, host: str, port: int) -> None:
        """Serve HTTP until cancelled."""
        runner = await start_http(self.web_app(), host, port)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    async def serve_socket_mode(self, app_token: str) -> None:
        """Hold a Socket Mode connection until cancelled."""
        async with pooled(self.app.client), self.recovering():
            handler = AsyncSocketModeHandler(self.app, app_token)
            try:
                await handler.connect_async()  # type: ignore[no-untyped-call]
                await asyncio.Event().wait()
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]
                async with asyncio.timeout(DRAIN_SECONDS):
                    await self.drain()


# ---------------------------------------------------------------- construction


def build_app(
    settings: Settings, handler: Handler, client: AsyncWebClient | None = None
) -> AsyncApp:
    """The Bolt AsyncApp with Meta-Agent's listeners (see `SlackAdapter` for the details)."""
    return SlackAdapter.build(settings, handler, client).app


async def serve_slack(settings: Settings, handler: Handler, host: str = "0.0.0.0") -> None:
    """Run the Slack bot until cancelled: Socket Mode if SLACK_APP_TOKEN is set, else HTTP."""
    adapter = SlackAdapter.build(settings, handler)
    app_token = plain(settings.slack_app_token)
    if app_token:
        log.info("Slack: Socket Mode")
        await adapter.serve_socket_mode(app_token)
    else:
        log.info("Slack: HTTP on %s:%d%s", host, settings.port, EVENTS_PATH)
        await adapter.serve_http(host, settings.port)
