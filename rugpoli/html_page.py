"""Self-contained HTML pages for nurses and the content team: no scripts, no external files,
every piece of text escaped."""
from __future__ import annotations

from html import escape

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1d; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #c8c8c8; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
.meta { color: #4a4a4a; font-size: .9rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .6rem; font-size: .8rem;
         border: 1px solid currentColor; margin-right: .25rem; }
.warn { color: #8a3b00; } .ok { color: #1f6b2b; } .alarm { color: #a1001a; }
.patient { background: #f6f8fb; } .assistant { background: #fff; }
blockquote { border-left: 4px solid #c8d4e0; margin: .5rem 0; padding: .25rem .75rem;
             background: #f8fafc; white-space: pre-wrap; }
.answer { white-space: pre-wrap; }
section { border-top: 1px solid #d6d6d6; padding-top: .5rem; }
"""


def text(value: object) -> str:
    return escape("" if value is None else str(value))


def badge(label: str, kind: str = "warn") -> str:
    return f'<span class="badge {kind}">{text(label)}</span>'


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Rows hold HTML already escaped by the caller (use text())."""
    head = "".join(f"<th scope=\"col\">{text(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{text(title)}</title><style>{STYLE}</style></head>"
            f"<body><main><h1>{text(title)}</h1>{body}</main></body></html>\n")
