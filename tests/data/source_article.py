"""The tables, pros and cons of ../shared/seed/python-web-frameworks-article.txt, copied verbatim.

The article page rendered from fixtures/demo.json must reproduce them cell for cell, as the
article's claims (the site's current value stands beside a claim that no longer holds).
The label "Latest Version(2025)" gains a space: "Latest Version (2025)".
"""

# Each table: (section anchor, orientation, rows) where rows[0] is the header row.
TABLES = [
    (
        "overview",
        "columns",
        [
            ["Feature", "Flask", "FastAPI", "Django"],
            [
                "Type",
                "Microframework",
                "Modern, async-ready microframework",
                "Full-stack web framework",
            ],
            ["First Release", "2010", "2018", "2005"],
            ["Creator", "Armin Ronacher", "Sebastián Ramírez", "Adrian Holovaty & Simon Willison"],
            [
                "Core Focus",
                "Simplicity and flexibility",
                "Speed, async support, type safety",
                "All-in-one solution",
            ],
            ["Latest Version (2025)", "3.1.0", "0.115.12", "5.2"],
        ],
    ),
    (
        "key-features",
        "columns",
        [
            ["Feature", "Flask", "FastAPI", "Django"],
            ["Routing", "Yes", "Yes (typed)", "Yes"],
            ["Built-in ORM", "No", "No", "Yes"],
            ["Templating Engine", "Jinja2", "Minimal", "Django Templates"],
            ["Admin Panel", "No", "No", "Yes"],
            ["Authentication System", "No", "No", "Yes"],
            ["Request Validation", "Manual", "Automatic", "With Forms"],
            ["Async Support", "Limited", "Full support", "Partial (evolving)"],
            ["API Documentation", "Manual", "Auto-generated", "Third-party needed"],
            ["REST Framework", "Flask-RESTful", "Native", "Django REST Framework"],
            ["Swagger / OpenAPI Docs", "No", "Auto", "3rd Party"],
        ],
    ),
    (
        "performance",
        "rows",
        [
            ["Framework", "Average Response Time", "Async Capable", "Real-Time APIs"],
            ["Flask", "Medium (~20–50 ms)", "Limited", "With workarounds"],
            ["FastAPI", "Low (~5–10 ms)", "Fully supported", "Ideal"],
            ["Django", "High (~30–70 ms)", "Partial", "With Channels"],
        ],
    ),
    (
        "developer-experience",
        "columns",
        [
            ["Criteria", "Flask", "FastAPI", "Django"],
            ["Learning Curve", "Easy", "Moderate (typing)", "Steeper"],
            ["Type Checking", "No", "Yes", "No"],
            ["IDE Auto-Completion", "Limited", "Excellent", "Limited"],
            ["Community and Ecosystem", "Large", "Growing rapidly", "Very mature"],
            ["Project Structure", "Flexible", "Semi-flexible", "Enforced"],
        ],
    ),
    (
        "when-to-use",
        "columns",
        [
            ["Scenario", "Recommended Framework"],
            ["Building a small REST API or microservice", "Flask"],
            ["High-performance APIs with async and auto docs", "FastAPI"],
            ["Full-featured web application with user auth and admin", "Django"],
            ["Real-time applications (chat, notifications, etc.)", "FastAPI or Django Channels"],
            ["Beginners learning backend development", "Flask or Django"],
        ],
    ),
]

PROS_AND_CONS = {
    "Flask": {
        "pros": [
            "Minimal and easy to start",
            "Highly flexible",
            "Great for microservices and prototypes",
        ],
        "cons": ["No built-in tools (ORM, auth, etc.)", "Limited async support"],
    },
    "FastAPI": {
        "pros": [
            "Very fast",
            "Async support and modern Python features",
            "Automatic request validation and docs",
        ],
        "cons": ["Smaller ecosystem compared to Django", "More opinionated than Flask"],
    },
    "Django": {
        "pros": [
            "Comprehensive framework",
            "Built-in admin, ORM, auth, templating",
            "Very mature with a large community",
        ],
        "cons": ["Can be heavyweight for small APIs", "Async support still improving"],
    },
}

SECTION_HEADINGS = [
    "Overview of the Frameworks",
    "Philosophy and Architecture",
    "Key Feature Comparison",
    "Performance Benchmarks",
    "Developer Experience",
    "When to Use Each Framework",
    "Pros and Cons Summary",
    "Conclusion",
]
