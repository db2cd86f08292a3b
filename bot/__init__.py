"""Meta-Agent adapters: terminal, Slack, Discord and the CLI."""
