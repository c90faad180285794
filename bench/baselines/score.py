#!/usr/bin/env python3
"""A plain Python scorer of shared/bench/b2b.score, the baseline leadc is measured against.

usage: score.py [--as-of=TIME] [INPUT.ndjson | -] > OUTPUT.ndjson

Deliberately ordinary Python (json.loads per line, datetime for times, re for the title test),
the way someone would script the model without a compiler. It handles the benchmark's records;
a line that is not an object with the model's required fields is reported on stderr and skipped.
"""
import json
import re
import sys
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

DAY = 86400.0
EXEC = re.compile(r"\b(ceo|cto|cfo|founder|vp|head of|director)\b", re.IGNORECASE | re.ASCII)
FREE = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com"}
NORDICS = {"NO", "SE", "DK", "FI"}


def seconds(text):
    if len(text) == 10:
        text += "T00:00:00Z"
    return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")).timestamp()


def when(v):
    """A time field: RFC 3339 text or epoch seconds."""
    return float(v) if isinstance(v, (int, float)) else seconds(v)


def cents(x):
    """Half away from zero on the double's exact value, as the language rounds."""
    return float(Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def score(lead, now):
    title, size, rev = lead.get("job_title"), lead.get("company_size"), lead.get("annual_revenue")
    fit = 0.0
    if title is not None and EXEC.search(title):
        fit += 20
    if size is not None and 50 <= size <= 5000:
        fit += 15
    if size is not None and size < 10:
        fit -= 20
    if lead.get("country") in NORDICS:
        fit += 5
    if lead.get("industry") == "software":
        fit += 10
    if rev is not None and rev >= 1000000:
        fit += 5
    fit = min(fit, 50)

    events = []
    for e in lead.get("events") or []:
        at = when(e["at"])
        if at <= now:
            events.append((e["kind"], e.get("url"), e.get("minutes"), now - at))
    pricing = opens = webinar = 0.0
    demo30 = demo = trial = careers = False
    clicks30 = 0
    for kind, url, minutes, age in events:
        recent = age <= 30 * DAY
        if kind == "page_view" and url is not None:
            if url.startswith("/pricing"):
                pricing += 5 * 2 ** (-age / (14 * DAY))
            careers = careers or url.startswith("/careers")
        elif kind == "demo_request":
            demo, demo30 = True, demo30 or recent
        elif kind == "trial_signup":
            trial = True
        elif kind == "webinar" and minutes is not None:
            webinar += minutes / 10 * max(0.0, 1 - age / (60 * DAY))
        elif kind == "email_click":
            clicks30 += recent
        elif kind == "email_open":
            opens += 2 ** (-age / (7 * DAY))
    engagement = min(pricing, 20) + (30 if demo30 else 0) + (15 if trial else 0) + webinar
    engagement += (10 if clicks30 >= 3 else 0) + min(opens, 5)
    engagement = min(engagement, 60)

    total = fit + engagement
    if careers:
        total -= 15
    email = lead["email"]
    if "@" in email and email.rsplit("@", 1)[1].lower() in FREE:
        total -= 10
    if lead["do_not_email"]:
        total -= 5
    last = max((now - age for *_, age in events), default=when(lead["created_at"]))
    if (now - last) / DAY > 60:
        total -= 20
    s = cents(min(max(total, 0.0), 100.0))
    if s >= 80 or (s >= 60 and demo):
        tier = "sql"
    elif s >= 50 or (lead["source"] == "webinar" and s >= 40):
        tier = "mql"
    else:
        tier = "lead"
    return s, tier


def main(argv):
    as_of, paths = "2024-05-01T00:00:00Z", []
    for a in argv:
        if a.startswith("--as-of="):
            as_of = a.split("=", 1)[1]
        else:
            paths.append(a)
    now = seconds(as_of)
    src = sys.stdin if not paths or paths[0] == "-" else open(paths[0], encoding="utf-8")
    out = sys.stdout
    for n, line in enumerate(src, 1):
        if not line.strip():
            continue
        try:
            lead = json.loads(line)
            s, tier = score(lead, now)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            sys.stderr.write("%s:%d: rejected: %s\n" % (src.name, n, e))
            continue
        out.write('{"id":%s,"score":%s,"tier":"%s"}\n' % (json.dumps(lead["id"]), "%g" % s, tier))


if __name__ == "__main__":
    main(sys.argv[1:])
