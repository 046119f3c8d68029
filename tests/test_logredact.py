"""The redacting log filter: token shapes and known secrets never reach a handler's output."""

from __future__ import annotations

import io
import logging

from bot.config import load_settings
from bot.logredact import MASK, RedactingFilter, settings_secrets

TELEGRAM = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"
SLACK = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
APP = "xapp-1-A0123-456789-abcdef0123456789"


def _logger(filt: RedactingFilter) -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(filt)
    logger = logging.getLogger(f"test.redact.{id(out)}")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return logger, out


def test_token_shapes_are_redacted_in_messages_and_arguments() -> None:
    """Telegram and Slack tokens are masked whether in the template or the arguments."""
    logger, out = _logger(RedactingFilter())
    logger.error("token %s rejected", TELEGRAM)
    logger.info(f"POST https://api.telegram.org/bot{TELEGRAM}/getMe")
    logger.warning("slack %s and %s", SLACK, APP)
    text = out.getvalue()
    assert TELEGRAM.split(":")[1] not in text
    assert SLACK not in text and "pdFZKVeTuE8sk7oOcBrzbqgy" not in text
    assert APP not in text
    assert text.count(MASK) == 4


def test_tracebacks_are_redacted() -> None:
    """An exception whose message holds a token is masked in the formatted traceback."""
    logger, out = _logger(RedactingFilter())
    try:
        raise ValueError(f"The token `{TELEGRAM}` was rejected by the server.")
    except ValueError:
        logger.exception("start-up failed")
    assert "Traceback" in out.getvalue()
    assert TELEGRAM not in out.getvalue()


def test_settings_secrets_are_redacted_whatever_their_shape() -> None:
    """Secrets from Settings (signing secret, webhook secret, database password) are masked."""
    settings = load_settings(
        {
            "SLACK_SIGNING_SECRET": "0123456789abcdef",
            "TELEGRAM_WEBHOOK_SECRET": "hook-secret-1",
            "DATABASE_URL": "postgresql://bot:pa55word@db.example.com/bot",
        }
    )
    secrets = settings_secrets(settings)
    assert {"0123456789abcdef", "hook-secret-1", "pa55word"} <= set(secrets)
    logger, out = _logger(RedactingFilter(secrets))
    logger.error("using %s and hook-secret-1 at %s", "0123456789abcdef", settings.database_url)
    assert "0123456789abcdef" not in out.getvalue()
    assert "hook-secret-1" not in out.getvalue()
    assert "pa55word" not in out.getvalue()


def test_ordinary_text_is_left_alone() -> None:
    """Times, ids and short words are not mistaken for tokens."""
    logger, out = _logger(RedactingFilter(["ab"]))  # too short to be a secret
    line = "digest at 12:30 for slack:U123 and telegram:456 (about 3 tabs)"
    logger.info(line)
    assert out.getvalue().strip() == line
