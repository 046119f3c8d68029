"""Tech stack: canonical technology names with categories, from a vocabulary.

Ambiguous words ("Go", "React", "Swift", "Rust", "Spring", "Chef", …) count only in a tech
context: a list item under a tools/stack heading or intro, a sentence that names another
technology right next to it ("Go, Python"), or phrasing such as "in Go" / "written in Rust".
"""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch
from bot.knowledge.extract.requirements import NICE_HEADING, REQUIREMENT_HEADING
from bot.knowledge.schema import TechItem

# (canonical name, category, regex of its spellings, ambiguous)
_VOCAB: tuple[tuple[str, str, str, bool], ...] = (
    ("Go", "language", r"Golang|GoLang|golang|Go(?=\s*[,/)]|\s+(?:and|or|&)\s+[A-Z])|Go", True),
    ("Python", "language", r"[Pp]ython", False),
    ("Java", "language", r"Java(?!Script|script)", False),
    ("Kotlin", "language", r"Kotlin", False),
    ("Scala", "language", r"Scala", False),
    ("TypeScript", "language", r"[Tt]ype[Ss]cript|TS(?=[,/])", False),
    ("JavaScript", "language", r"[Jj]ava[Ss]cript|ES6", False),
    ("Ruby", "language", r"Ruby(?! on Rails)", False),
    ("PHP", "language", r"PHP", False),
    ("C#", "language", r"C#|\.NET|dotnet", False),
    ("C++", "language", r"C\+\+", False),
    ("C", "language", r"C(?=\s*[,/)]\s*(?:C\+\+|Go|Rust|Java|Scala))", True),
    ("Rust", "language", r"Rust", True),
    ("Elixir", "language", r"Elixir", False),
    ("Erlang", "language", r"Erlang", False),
    ("Clojure", "language", r"Clojure", False),
    ("Haskell", "language", r"Haskell", False),
    ("Swift", "language", r"Swift(?!UI)", True),
    ("Objective-C", "language", r"Objective-C", False),
    ("Dart", "language", r"Dart", True),
    ("R", "language", r"R(?=\s*[,/)]\s*(?:Python|SQL|Julia))", True),
    ("SQL Server", "database", r"SQL Server|MSSQL", False),
    ("SQL", "language", r"SQL", False),
    ("Node.js", "runtime", r"Node(?:\.js|JS|js)?(?=\b)(?!\s+(?:of|in)\b)", True),
    ("Ruby on Rails", "framework", r"Ruby on Rails|Rails", True),
    ("Django", "framework", r"Django", False),
    ("Flask", "framework", r"Flask", False),
    ("FastAPI", "framework", r"FastAPI", False),
    ("Spring", "framework", r"Spring(?:\s?Boot)?", True),
    ("Laravel", "framework", r"Laravel", False),
    ("Symfony", "framework", r"Symfony", False),
    ("Express", "framework", r"Express(?:\.js|JS)?", True),
    ("NestJS", "framework", r"Nest(?:JS|\.js)", False),
    ("React", "frontend", r"React(?:\.js|JS)?(?!\s+Native)(?!\s+to\b)", True),
    ("React Native", "mobile", r"React Native", False),
    ("Vue.js", "frontend", r"Vue(?:\.js|JS)?", False),
    ("Angular", "frontend", r"Angular(?:JS)?", False),
    ("Next.js", "frontend", r"Next\.js|NextJS", False),
    ("Svelte", "frontend", r"Svelte", False),
    ("Flutter", "mobile", r"Flutter", False),
    ("GraphQL", "api", r"GraphQL", False),
    ("REST", "api", r"REST(?:ful)?", False),
    ("gRPC", "rpc", r"gRPC|GRPC", False),
    ("Protocol Buffers", "rpc", r"[Pp]rotobufs?|Protocol Buffers", False),
    ("Thrift", "rpc", r"Thrift", False),
    ("Envoy", "rpc", r"Envoy(?: Proxy)?", True),
    ("PostgreSQL", "database", r"Postgre(?:SQL|s|SQl)|postgres(?:ql)?", False),
    ("MySQL", "database", r"MySQL|MySql|mysql", False),
    ("MariaDB", "database", r"MariaDB", False),
    ("Oracle", "database", r"Oracle(?= DB| Database|,)", False),
    ("MongoDB", "database", r"Mongo(?:DB|db)?", False),
    ("Cassandra", "database", r"Cassandra", False),
    ("ScyllaDB", "database", r"Scylla(?:DB)?", False),
    ("DynamoDB", "database", r"DynamoDB|Dynamo", False),
    ("Redis", "database", r"Redis", False),
    ("Memcached", "database", r"[Mm]emcached?", False),
    ("Elasticsearch", "database", r"Elastic[Ss]earch|ElasticSearch|OpenSearch", False),
    ("ClickHouse", "database", r"ClickHouse|Clickhouse", False),
    ("CockroachDB", "database", r"CockroachDB", False),
    ("Snowflake", "data", r"Snowflake(?! schema)", True),
    ("BigQuery", "data", r"BigQuery|Big Query", False),
    ("Redshift", "data", r"Redshift", False),
    ("Spark", "data", r"(?:Apache )?Spark|PySpark", True),
    ("Airflow", "data", r"(?:Apache )?Airflow", False),
    ("dbt", "data", r"dbt", False),
    ("Flink", "data", r"Flink", False),
    ("Kafka", "queue", r"(?:Apache )?Kafka", False),
    ("RabbitMQ", "queue", r"RabbitMQ|Rabbit MQ", False),
    ("NATS", "queue", r"NATS", False),
    ("SQS", "queue", r"SQS", False),
    ("Pub/Sub", "queue", r"Pub/Sub|PubSub", False),
    ("AWS", "cloud", r"AWS|Amazon Web Services", False),
    ("GCP", "cloud", r"GCP|Google Cloud(?: Platform)?", False),
    ("Azure", "cloud", r"Azure", False),
    ("Kubernetes", "orchestration", r"Kubernetes|[Kk]8s|EKS|GKE|AKS", False),
    ("Nomad", "orchestration", r"Nomad", True),
    ("Docker", "container", r"Docker", False),
    ("Terraform", "infrastructure", r"Terraform", False),
    ("Pulumi", "infrastructure", r"Pulumi", False),
    ("Ansible", "infrastructure", r"Ansible", False),
    ("Helm", "infrastructure", r"Helm", True),
    ("Linux", "infrastructure", r"Linux", False),
    ("Prometheus", "observability", r"Prometheus", False),
    ("Grafana", "observability", r"Grafana", False),
    ("Datadog", "observability", r"Datadog|DataDog", False),
    ("OpenTelemetry", "observability", r"OpenTelemetry", False),
    ("Jenkins", "ci", r"Jenkins", False),
    ("GitHub Actions", "ci", r"GitHub Actions|Github Actions", False),
    ("GitLab CI", "ci", r"GitLab CI|Gitlab CI", False),
    ("CircleCI", "ci", r"CircleCI", False),
    ("Git", "tool", r"Git(?!Hub|Lab|hub|lab| Actions)", True),
    ("PyTorch", "ml", r"PyTorch|Pytorch", False),
    ("TensorFlow", "ml", r"TensorFlow|Tensorflow", False),
    ("Pandas", "data", r"[Pp]andas", True),
    ("Selenium", "tool", r"Selenium", False),
    ("Playwright", "tool", r"Playwright", False),
    ("Cypress", "tool", r"Cypress", False),
)
_RX = tuple(re.compile(rf"(?<![\w.#+/-])(?:{pat})(?![\w#+])") for _n, _c, pat, _a in _VOCAB)
# Lower-case first words of each entry's spellings: a line is only searched for an entry
# whose first word it contains (one tokenisation per line instead of ~100 searches).
_FIRST_WORDS: dict[str, tuple[str, ...]] = {
    "Go": ("go", "golang"),
    "TypeScript": ("typescript", "ts"),
    "JavaScript": ("javascript", "es6"),
    "C#": ("c#", ".net", "dotnet"),
    "Node.js": ("node", "node.js", "nodejs"),
    "Ruby on Rails": ("ruby", "rails"),
    "Spring": ("spring", "springboot"),
    "Express": ("express", "express.js", "expressjs"),
    "NestJS": ("nestjs", "nest.js"),
    "React": ("react", "react.js", "reactjs"),
    "React Native": ("react",),
    "Vue.js": ("vue", "vue.js", "vuejs"),
    "Angular": ("angular", "angularjs"),
    "Next.js": ("next.js", "nextjs"),
    "REST": ("rest", "restful"),
    "Protocol Buffers": ("protobuf", "protobufs", "protocol"),
    "PostgreSQL": ("postgres", "postgresql"),
    "SQL Server": ("sql", "mssql"),
    "MongoDB": ("mongo", "mongodb"),
    "ScyllaDB": ("scylla", "scylladb"),
    "DynamoDB": ("dynamodb", "dynamo"),
    "Memcached": ("memcache", "memcached"),
    "Elasticsearch": ("elasticsearch", "opensearch", "elastic"),
    "BigQuery": ("bigquery", "big"),
    "Spark": ("spark", "apache", "pyspark"),
    "Airflow": ("airflow", "apache"),
    "Flink": ("flink", "apache"),
    "Kafka": ("kafka", "apache"),
    "RabbitMQ": ("rabbitmq", "rabbit"),
    "Pub/Sub": ("pub", "pubsub"),
    "AWS": ("aws", "amazon"),
    "GCP": ("gcp", "google"),
    "Kubernetes": ("kubernetes", "k8s", "eks", "gke", "aks"),
    "GitHub Actions": ("github",),
    "GitLab CI": ("gitlab",),
    "Envoy": ("envoy",),
}
_BY_WORD: dict[str, list[int]] = {}
for _i, (_name, _c, _p, _a) in enumerate(_VOCAB):
    for _w in _FIRST_WORDS.get(_name, (_name.lower(),)):
        _BY_WORD.setdefault(_w, []).append(_i)
_TOKEN = re.compile(r"[\w#+.]+(?:-c\b)?")


def _candidates(low: str) -> list[int]:
    found: set[int] = set()
    for tok in _TOKEN.findall(low):
        idx = _BY_WORD.get(tok.rstrip("."))
        if idx:
            found.update(idx)
    return sorted(found)


_TECH_CONTEXT = re.compile(
    r"stack|technolog|tools|tooling|languages?|frameworks?|we use|we rely|built (?:with|on|in)"
    r"|written in|infrastructure|platform|experience (?:with|in)|proficien|familiar|knowledge of"
    r"|expertise|skills|requirements|qualifications|you have|nice to have|bonus",
    re.IGNORECASE,
)
_AMBIG_OK = re.compile(
    r"(?:\bin|\bwith|\busing|\buses?|written in|experience|knowledge|like|such as|e\.g\.)\s+$",
    re.IGNORECASE,
)
# Next to other technologies: "Go, Python", "(Go", "Java or Go".
_AMBIG_LISTED = re.compile(r"(?:[,/(]|\band|\bor|&)\s*$", re.IGNORECASE)
_DATACENTRE = re.compile(r"physical data ?cent(?:er|re)s?|data ?cent(?:er|re) sites?", re.I)


def _ambiguous_ok(line: Line, start: int, end: int, others: int) -> bool:
    before = line.text[max(0, start - 20) : start]
    after = line.text[end : end + 3]
    if _AMBIG_OK.search(before):
        return True
    if others >= 1 and (_AMBIG_LISTED.search(before) or re.match(r"\s*[,/)]", after)):
        return True
    if others >= 1 and line.is_item and hsearch(_TECH_CONTEXT, line.context):
        return True
    if line.is_item and hsearch(_TECH_CONTEXT, line.context) and start == 0:
        return True
    return others >= 2


def _note(line: Line, count: int) -> str | None:
    if line.is_item and count <= 2 and not _in_requirements(line):
        return clean(line.text).rstrip(".")
    return None


def extract_stack(lines: Lines) -> tuple[TechItem, ...]:
    """The technologies the team uses, once each, in first-seen order.

    Technologies named only in requirement lists ("experience with Java or Scala") count when
    the posting names no stack elsewhere; otherwise they are skills asked of the candidate,
    not the team's stack.
    """
    body = [ln for ln in lines.all if not _in_requirements(ln)]
    found = _scan(body)
    if len(found) < _STACK_DESCRIBED:
        for name, item in _scan([ln for ln in lines.all if _in_requirements(ln)]).items():
            found.setdefault(name, item)
    return tuple(found.values())


# With this many technologies named outside the requirements, the posting describes its stack
# and requirement-only mentions are skills asked of the candidate, not the team's stack.
_STACK_DESCRIBED = 3


def _in_requirements(line: Line) -> bool:
    return hsearch(REQUIREMENT_HEADING, line.heading) or hsearch(NICE_HEADING, line.heading)


def _scan(lines: list[Line]) -> dict[str, TechItem]:
    found: dict[str, TechItem] = {}
    for line in lines:
        if line.is_heading:
            continue
        hits = []
        low = line.lower
        for i in _candidates(low):
            m = _RX[i].search(line.text)
            if m:
                name, cat, _pat, amb = _VOCAB[i]
                hits.append((name, cat, m, amb))
        if (
            "data" in low
            and line.is_item
            and _DATACENTRE.search(line.text)
            and hsearch(_TECH_CONTEXT, line.context)
        ):
            name = "Physical data centres"
            if name not in found:
                found[name] = TechItem(
                    name=name,
                    category="infrastructure",
                    note=clean(line.text).rstrip("."),
                    source=(line.text,),
                )
        if not hits:
            continue
        # "SQL Server" also contains "SQL": keep only the longest of overlapping matches.
        hits = [
            h
            for h in hits
            if not any(
                o is not h
                and o[2].start() <= h[2].start()
                and h[2].end() <= o[2].end()
                and (o[2].end() - o[2].start()) > (h[2].end() - h[2].start())
                for o in hits
            )
        ]
        hits.sort(key=lambda h: h[2].start())
        certain = sum(1 for h in hits if not h[3])
        for name, cat, m, amb in hits:
            if name in found:
                continue
            if amb and not _ambiguous_ok(line, m.start(), m.end(), certain):
                continue
            found[name] = TechItem(
                name=name,
                category=cat,
                note=_note(line, len(hits)),
                source=(line.text,),
            )
    return found
