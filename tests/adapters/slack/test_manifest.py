"""The app manifest matches what the app handles, so "create from manifest" just works."""

from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack.app import COMMANDS, EVENTS

MANIFEST = Path(__file__).resolve().parents[3] / "adapters" / "slack" / "manifest.yaml"


def test_manifest_declares_every_command_event_and_scope() -> None:
    """Slash commands and bot events in the manifest are exactly the handled ones, with scopes."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert sorted(commands) == sorted(COMMANDS)
    assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])
    settings = manifest["settings"]
    assert sorted(settings["event_subscriptions"]["bot_events"]) == sorted(EVENTS)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
