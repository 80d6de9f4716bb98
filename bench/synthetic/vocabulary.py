"""The static tables that synthetic rows take their names, labels and figures from."""

from datetime import date

# Fixed, so that a seed gives the same dates whatever day it runs.
ANCHOR = date(2025, 6, 30)

BENCHMARKS = [
    {
        "slug": "scale-json-latency",
        "name": "Scale: JSON endpoint latency",
        "unit": "ms",
        "lower_is_better": True,
        "description": "Synthetic. Time to answer a small JSON request, p50 to p99.",
        "methodology": "Synthetic figures from `generate_scale_data`; not measured.",
    },
    {
        "slug": "scale-plaintext-throughput",
        "name": "Scale: Plaintext throughput",
        "unit": "req/s",
        "lower_is_better": False,
        "description": "Synthetic. Requests per second for a plaintext response.",
        "methodology": "Synthetic figures from `generate_scale_data`; not measured.",
    },
]

SCENARIOS = [
    ("scale-high-traffic-json-api", "Scale: A high-traffic JSON API"),
    ("scale-content-site-with-admin", "Scale: A content site with an admin"),
    ("scale-real-time-dashboard", "Scale: A real-time dashboard"),
]

KINDS = ["Microframework", "Full-stack web framework", "ASGI framework", "API framework"]
FOCUSES = [
    "Speed and low overhead",
    "Batteries included",
    "Typed APIs",
    "Simplicity and flexibility",
    "Real-time applications",
    "Small deployments",
]
FIRST_NAMES = ["Ada", "Grace", "Linus", "Guido", "Barbara", "Ken", "Radia", "Tim", "Margaret"]
LAST_NAMES = ["Hopper", "Lovelace", "Liskov", "Thompson", "Perlman", "Hamilton", "Ritchie"]
LICENSES = ["BSD-3-Clause", "MIT", "Apache-2.0", "BSD-2-Clause"]
PRE_TAGS = ["rc1", "rc2", "b1", "a1"]
SERVERS = ["gunicorn 23 (sync)", "uvicorn 0.34", "Granian 2.2", "Hypercorn 0.17"]
PYTHONS = ["3.11.11", "3.12.9", "3.13.2"]
HARDWARE = [
    "2 vCPU (AMD EPYC 7B13), 4 GB RAM",
    "4 vCPU (Intel Xeon Platinum 8375C), 8 GB RAM",
    "8 cores (Apple M2), 16 GB RAM",
]
PROS = [
    "Fast to start with",
    "Small and readable core",
    "Excellent documentation",
    "Typed from end to end",
    "Batteries included",
    "Friendly community",
    "Stable upgrade path",
    "Fast under load",
]
CONS = [
    "Young ecosystem",
    "Few third-party packages",
    "Opinionated project layout",
    "Sparse async support",
    "Breaking changes between majors",
    "Heavy for small services",
]
YES_TEXTS = ["Yes (built in)", "Yes (typed)", "Yes, first-party"]
PARTIAL_TEXTS = ["Partial (experimental)", "Partial (sync only)", "Partial (no streaming)"]
