"""Loopback fakes of the external services (Slack, Discord, OpenAI, Resend) for tests."""
