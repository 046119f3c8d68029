"""The Slack adapter: slack-bolt app, Socket Mode runtime, HTTP routes, digest sender."""
