"""Settings: the only reader of environment variables."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_CHOICES = frozenset({"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "auto", "json", "text"})


class Settings(BaseSettings):
    """Configuration, read once from the environment (and an optional .env file)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    # interview
    max_questions: int = Field(12, ge=1, le=60, alias="MAX_QUESTIONS")
    max_conversation_history: int = Field(50, ge=4, le=1000, alias="MAX_CONVERSATION_HISTORY")
    max_message_chars: int = Field(4000, ge=100, le=100_000, alias="MAX_MESSAGE_CHARS")
    # deliverables are drawn in this many worker processes (0: a thread of the bot process)
    render_workers: int = Field(2, ge=0, le=16, alias="RENDER_WORKERS")
    # sessions
    session_storage: Literal["memory", "redis"] = Field("memory", alias="SESSION_STORAGE")
    redis_url: SecretStr = Field(SecretStr("redis://127.0.0.1:6379/0"), alias="REDIS_URL")
    redis_cluster: bool = Field(False, alias="REDIS_CLUSTER")
    session_ttl_seconds: int = Field(86_400, ge=60, alias="SESSION_TTL_SECONDS")
    dedupe_ttl_seconds: int = Field(600, ge=10, alias="DEDUPE_TTL_SECONDS")
    lock_lease_seconds: float = Field(30.0, ge=1.0, alias="LOCK_LEASE_SECONDS")
    analytics_retention_days: int = Field(30, ge=1, alias="ANALYTICS_RETENTION_DAYS")
    rate_limit_user_per_minute: int = Field(20, ge=1, alias="RATE_LIMIT_USER_PER_MINUTE")
    rate_limit_workspace_per_minute: int = Field(300, ge=1, alias="RATE_LIMIT_WORKSPACE_PER_MINUTE")
    # model
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    openai_model_primary: str = Field("gpt-4o-mini", alias="OPENAI_MODEL_PRIMARY")
    openai_model_fallback: str = Field("gpt-4.1-mini", alias="OPENAI_MODEL_FALLBACK")
    openai_timeout_seconds: float = Field(20.0, gt=0, alias="OPENAI_TIMEOUT_SECONDS")
    turn_deadline_seconds: float = Field(25.0, gt=0, alias="TURN_DEADLINE_SECONDS")
    openai_daily_budget_usd: float = Field(10.0, ge=0, alias="OPENAI_DAILY_BUDGET_USD")
    openai_prices: str = Field("", alias="OPENAI_PRICES")  # JSON {"model": [in, cached, out]}
    enable_moderation: bool = Field(False, alias="ENABLE_MODERATION")
    # slack
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    # discord
    discord_bot_token: SecretStr | None = Field(None, alias="DISCORD_BOT_TOKEN")
    discord_api_base: str = Field("https://discord.com/api/v10", alias="DISCORD_API_BASE")
    discord_gateway_url: str = Field("wss://gateway.discord.gg/", alias="DISCORD_GATEWAY_URL")
    discord_guild_id: int | None = Field(None, alias="DISCORD_GUILD_ID")
    discord_shard_count: int | None = Field(None, ge=1, alias="DISCORD_SHARD_COUNT")
    discord_shard_ids: str = Field("", alias="DISCORD_SHARD_IDS")  # comma-separated, e.g. 0,1
    port: int = Field(3000, ge=1, le=65535, alias="PORT")
    # email
    resend_api_key: SecretStr | None = Field(None, alias="RESEND_API_KEY")
    email_from: str = Field("Meta-Agent <meta-agent@example.com>", alias="EMAIL_FROM")
    resend_api_url: str = Field("https://api.resend.com", alias="RESEND_API_URL")
    email_max_per_thread_per_day: int = Field(
        5, ge=0, le=1000, alias="EMAIL_MAX_PER_THREAD_PER_DAY"
    )
    # operations
    host: str = Field("0.0.0.0", alias="HOST")
    shutdown_grace_seconds: float = Field(20.0, ge=0, le=3600, alias="SHUTDOWN_GRACE_SECONDS")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "INFO", alias="LOG_LEVEL"
    )
    log_format: Literal["auto", "json", "text"] = Field("auto", alias="LOG_FORMAT")
    log_message_text: bool = Field(False, alias="LOG_MESSAGE_TEXT")
    sentry_dsn: SecretStr | None = Field(None, alias="SENTRY_DSN")
    admin_user_ids: str = Field("", alias="ADMIN_USER_IDS")  # comma-separated

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _case_blind(cls, value: object, info: ValidationInfo) -> object:
        """LOG_LEVEL=info and LOG_FORMAT=JSON are accepted as written."""
        if not isinstance(value, str):
            return value
        folded = value.strip().upper() if info.field_name == "log_level" else value.strip().lower()
        return folded if folded in _CHOICES else value

    @property
    def discord_shards(self) -> list[int] | None:
        """The shard ids this process runs (None: all of DISCORD_SHARD_COUNT, or unsharded)."""
        ids = [int(x) for x in self.discord_shard_ids.split(",") if x.strip().isdigit()]
        return ids or None

    @property
    def admins(self) -> frozenset[str]:
        """User ids allowed to run admin commands."""
        return frozenset(x.strip() for x in self.admin_user_ids.split(",") if x.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()


def plain(value: SecretStr | None) -> str | None:
    """The plain value of an optional secret setting."""
    return value.get_secret_value() if value is not None else None
