"""Technology names a candidate may ask about ("do you use Rust?"), with their aliases.

Used to notice a named technology in a question and compare it with the role's tech stack.
Names here only help *find* a mention; an answer says "yes" only when the role's own
``tech_stack`` lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.knowledge.schema import TechItem

# canonical name -> aliases (lower case; matched as whole words)
KNOWN: dict[str, tuple[str, ...]] = {
    "Go": ("golang",),
    "Python": ("python", "py"),
    "Java": ("java",),
    "Kotlin": ("kotlin",),
    "Scala": ("scala",),
    "Rust": ("rust",),
    "C++": ("c++", "cpp"),
    "C#": ("c#", "csharp", ".net", "dotnet"),
    "Ruby": ("ruby", "rails", "ruby on rails"),
    "PHP": ("php", "laravel", "symfony"),
    "JavaScript": ("javascript", "js"),
    "TypeScript": ("typescript", "ts"),
    "Node.js": ("node", "nodejs", "node.js"),
    "Swift": ("swift",),
    "Elixir": ("elixir",),
    "Haskell": ("haskell",),
    "Clojure": ("clojure",),
    "Erlang": ("erlang",),
    "Perl": ("perl",),
    "Dart": ("dart", "flutter"),
    "PostgreSQL": ("postgres", "postgresql", "psql"),
    "MySQL": ("mysql", "mariadb"),
    "MongoDB": ("mongo", "mongodb"),
    "Cassandra": ("cassandra",),
    "Redis": ("redis",),
    "DynamoDB": ("dynamo", "dynamodb"),
    "Elasticsearch": ("elasticsearch", "elastic", "opensearch"),
    "Snowflake": ("snowflake",),
    "BigQuery": ("bigquery",),
    "SQL Server": ("sql server", "mssql"),
    "Oracle": ("oracle",),
    "Kafka": ("kafka",),
    "RabbitMQ": ("rabbitmq", "rabbit"),
    "SQS": ("sqs",),
    "NATS": ("nats",),
    "Pub/Sub": ("pubsub", "pub/sub"),
    "Kinesis": ("kinesis",),
    "AWS": ("aws", "amazon web services"),
    "GCP": ("gcp", "google cloud"),
    "Azure": ("azure",),
    "Kubernetes": ("kubernetes", "k8s", "kube"),
    "Docker": ("docker", "containers"),
    "Terraform": ("terraform",),
    "Helm": ("helm",),
    "gRPC": ("grpc",),
    "Envoy": ("envoy",),
    "GraphQL": ("graphql",),
    "React": ("react", "reactjs", "react.js"),
    "React Native": ("react native",),
    "Vue": ("vue", "vuejs", "vue.js"),
    "Angular": ("angular",),
    "Svelte": ("svelte",),
    "Next.js": ("next.js", "nextjs"),
    "Django": ("django",),
    "Flask": ("flask",),
    "FastAPI": ("fastapi",),
    "Spring": ("spring", "spring boot"),
    "Spark": ("spark", "pyspark"),
    "Airflow": ("airflow",),
    "Linux": ("linux",),
}


def _key(text: str) -> str:
    return " ".join(re.findall(r"[\w#+./]+", text.casefold())).strip(".")


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, aliases in KNOWN.items():
        out[_key(name)] = name
        for alias in aliases:
            out[_key(alias)] = name
    return out


def _tokens(text: str) -> list[str]:
    return [t.rstrip(".?!,") for t in re.findall(r"[\w#+./]+", text.casefold())]


def mentioned(question: str, stack: Iterable[TechItem]) -> list[str]:
    """Technologies named in the question: the role's own names first, then known ones.

    "Go" is only recognised as "Go"/"Golang" written that way, since "go" is a common verb.
    """
    stack = tuple(stack)
    own = {_key(item.name): item.name for item in stack}
    table = {**_aliases(), **own}
    table.pop("go", None)
    words = _tokens(question)
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if len(words) - i >= n and phrase in table:
                if table[phrase] not in found:
                    found.append(table[phrase])
                i += n
                break
        else:
            i += 1
    if re.search(r"\bGo\b", question) and "Go" not in found:
        found.append("Go")
    return found


def in_stack(name: str, stack: Iterable[TechItem]) -> TechItem | None:
    """The role's stack item for a technology name (matching canonical names and aliases)."""
    target = _key(name)
    canonical = _aliases().get(target, name)
    for item in stack:
        key = _key(item.name)
        if key == target or _aliases().get(key) == canonical or key.startswith(f"{target} "):
            return item
    return None
