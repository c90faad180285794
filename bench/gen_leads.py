#!/usr/bin/env python3
"""Synthetic B2B lead records with event histories, for benchmarks, demos and reader tests.

usage: gen_leads.py N [--seed S] [--events MAX] [--format ndjson|csv] [--bad-every K]
                      [--as-of TIME] [--days D] [-o FILE]

Writes N lead records that fit examples/b2b_saas/b2b_saas.score and shared/bench/b2b.score (the
same field names as the shared generator): id, email, first_name, last_name, job_title,
company_size, annual_revenue, industry, country, source, do_not_email, created_at and events,
a list of {kind, url?, minutes?, at}. In CSV the events column holds the list as JSON text.

The output is a pure function of the arguments: the same N, seed and options give the same
bytes on every run and Python version (3.8+). Pure standard library; about 50,000 records per
second on one core with the default 0-30 events.

Realism: Nordic and European names (with å, ø, ä …), addresses built from the name at company,
free-mail, role and (rarely) throwaway domains, titles from interns to CEOs in English and the
Nordic languages, company sizes and revenues that go together, and event histories whose volume
and recency follow each lead's interest: most leads have a few page views and e-mail opens, a
few have pricing views, webinars, demo requests and trials clustered in recent weeks. Events
start after the lead was created; about 1 in 200 lies up to a week after --as-of, which the
point-in-time rule must hide.

--bad-every K turns every K-th record into a malformed one (K >= 1), cycling through several
kinds so each appears: truncated line, wrong type, bad time, unknown enum member, missing
required field, fractional int, not JSON at all, invalid UTF-8, bad event; in CSV: wrong cell
count, bad bool, bad int, bad time, broken events JSON, unknown enum member.
"""
import argparse
import bisect
import datetime
import json
import random
import sys

# ------------------------------------------------------------------ vocabulary

FIRST = ["Anna", "Lars", "Mette", "Ole", "Karin", "Jonas", "Sofia", "Erik", "Ingrid", "Mikkel",
         "Freja", "Nils", "Astrid", "Emil", "Liv", "Kari", "Bjørn", "Åse", "Sigrid", "Håkon",
         "Linnea", "Oskar", "Maja", "Elias", "Ebba", "Jens", "Signe", "Rasmus", "Aino", "Eero",
         "Helmi", "Juha", "Sanna", "Jörg", "Lena", "Matthias", "Chloé", "Julien", "Giulia",
         "Marco", "Sarah", "James", "Olivia", "Tomasz", "Zofia", "Guðrún", "Kristján", "Søren",
         "Päivi", "Märta"]
LAST = ["Berg", "Hansen", "Nielsen", "Johansson", "Larsen", "Lindqvist", "Olsen", "Andersen",
        "Dahl", "Holm", "Solberg", "Haugen", "Eriksson", "Svensson", "Lindgren", "Jensen",
        "Møller", "Virtanen", "Korhonen", "Mäkinen", "Schmidt", "Weber", "Dubois", "Rossi",
        "Smith", "Kowalski", "Jónsdóttir", "Aas", "Østby", "Nyström"]
# (title, weight): decision makers are rarer than practitioners
TITLES = [("CEO", 3), ("CTO", 3), ("CFO", 2), ("COO", 1), ("Founder", 2), ("Co-founder & CEO", 1),
          ("VP Marketing", 3), ("VP Engineering", 2), ("Vice President, Sales", 1),
          ("Head of Sales", 3), ("Head of Growth", 2), ("Director of Operations", 2),
          ("Marketing Director", 2), ("Daglig leder", 2), ("VD", 1), ("Toimitusjohtaja", 1),
          ("Marketing Manager", 6), ("Sales Manager", 5), ("Product Manager", 4),
          ("Software Engineer", 6), ("Data Analyst", 4), ("Consultant", 4), ("Office Manager", 2),
          ("Marketing Coordinator", 3), ("Student", 3), ("Intern", 2), ("Freelancer", 2),
          (None, 12)]
INDUSTRIES = [("software", 8), ("finance", 4), ("retail", 3), ("manufacturing", 4),
              ("healthcare", 3), ("education", 2), ("media", 2), ("logistics", 2), ("energy", 2),
              ("consulting", 3), (None, 8)]
COUNTRIES = [("NO", 10), ("SE", 10), ("DK", 7), ("FI", 6), ("IS", 1), ("DE", 6), ("GB", 5),
             ("NL", 3), ("FR", 3), ("US", 4), ("PL", 2), (None, 6)]
SOURCES = [("organic", 35), ("paid", 25), ("webinar", 15), ("referral", 10), ("event", 15)]
# Company domains: some are on examples/b2b_saas/lists/target_accounts.txt, acme.io is not.
TARGET = ["northwind.no", "bergen-soft.no", "fjord-tech.se", "volvo-parts.se", "danske-data.dk",
          "nordlys.fi", "tampere-games.fi", "copenhagen-fintech.dk", "rheinland-maschinen.de"]
CORP = ["acme.io", "kodeverket.no", "havbruk-data.no", "skargard-it.se", "ostersund-energi.se",
        "appfabrikken.dk", "revontuli-soft.fi", "kuehl-logistik.de", "atelier-numerique.fr",
        "mediahaus-nord.de", "lysverket.no", "bygg-partner.no", "pohjola-soft.fi",
        "nordfragt.dk", "tallinn-tarkvara.ee", "polar-analytics.com", "brightlane.co.uk"]
FREE = [("gmail.com", 40), ("hotmail.com", 10), ("outlook.com", 10), ("yahoo.com", 5),
        ("icloud.com", 4), ("online.no", 3), ("live.se", 2), ("telia.com", 3), ("jubii.dk", 2),
        ("suomi24.fi", 2), ("gmx.de", 3), ("web.de", 2), ("orange.fr", 2), ("proton.me", 2)]
DISPOSABLE = ["mailinator.com", "yopmail.com", "10minutemail.com", "guerrillamail.com"]
ROLES = ["info", "sales", "post", "kontakt", "contact", "hello", "office"]
SPAM_NAMES = ["asdf", "Test", "qwerty", "xxx", "aaa", "sdfgh"]

# event kinds: (kind, weight for an ordinary lead, extra weight for an interested lead)
KINDS = [("page_view", 30, 10), ("email_open", 20, 0), ("email_click", 8, 6),
         ("form_submit", 3, 3), ("download", 3, 3), ("webinar", 2, 5),
         ("demo_request", 0.3, 3), ("trial_signup", 0.5, 2)]
PAGES = [("/", 12), ("/product", 10), ("/pricing", 6), ("/pricing/enterprise", 2), ("/blog/lead-scoring", 6),
         ("/blog/abm-playbook", 4), ("/docs", 5), ("/docs/integrations", 3), ("/case-studies", 4),
         ("/contact", 3), ("/careers", 2), ("/careers/jobs/backend-engineer", 1)]
INTERESTED_PAGES = [("/pricing", 10), ("/pricing/enterprise", 4), ("/product", 6), ("/docs/integrations", 3),
                    ("/case-studies", 3), ("/contact", 2)]
CLICK_URLS = ["/blog/lead-scoring", "/pricing", "/events/oslo-growth-day", "/case-studies/northwind",
              "/webinars/pipeline-clinic"]
DOWNLOADS = ["/ebooks/lead-scoring-101.pdf", "/whitepapers/roi.pdf", "/reports/nordic-saas-2024.pdf"]

DAY = 86400


def cum(pairs):
    """Values and cumulative weights for fast weighted choice with bisect."""
    vals, acc, t = [], [], 0.0
    for v, w in pairs:
        t += w
        vals.append(v)
        acc.append(t)
    return vals, acc, t


def pick(r, table):
    vals, acc, total = table
    return vals[bisect.bisect_right(acc, r.random() * total)]


def q(s):
    """A JSON string literal (UTF-8, not \\u-escaped)."""
    return json.dumps(s, ensure_ascii=False)


def parse_as_of(s):
    s = s.strip()
    if len(s) == 10:
        s += "T00:00:00Z"
    dt = datetime.datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return int(dt.timestamp())


class Clock:
    """Formats epoch seconds as RFC 3339 quickly: one datetime call per distinct day."""

    def __init__(self):
        self.days = {}

    def iso(self, t):
        d, s = divmod(t, DAY)
        day = self.days.get(d)
        if day is None:
            day = self.days[d] = datetime.datetime.fromtimestamp(d * DAY, datetime.timezone.utc).strftime("%Y-%m-%dT")
        h, s = divmod(s, 3600)
        m, s = divmod(s, 60)
        return "%s%02d:%02d:%02dZ" % (day, h, m, s)


# ------------------------------------------------------------------ one lead

class Gen:
    def __init__(self, seed, max_events, as_of, days):
        self.r = random.Random(seed)
        self.max_events = max_events
        self.as_of = as_of
        self.days = days
        self.clock = Clock()
        self.titles = cum(TITLES)
        self.industries = cum(INDUSTRIES)
        self.countries = cum(COUNTRIES)
        self.sources = cum(SOURCES)
        self.free = cum(FREE)
        self.kinds_plain = cum([(k, a) for k, a, _ in KINDS])
        self.kinds_hot = cum([(k, a + b) for k, a, b in KINDS])
        self.pages = cum(PAGES)
        self.hot_pages = cum(INTERESTED_PAGES)
        self.ascii = {}

    def asciify(self, name):
        """Mailbox-safe spelling of a name: Bjørn → bjorn, Åse → ase, Guðrún → gudrun."""
        a = self.ascii.get(name)
        if a is None:
            table = str.maketrans({"ø": "o", "å": "a", "æ": "ae", "ä": "a", "ö": "o", "ü": "u",
                                   "é": "e", "ð": "d", "ú": "u", "á": "a", "ó": "o", "í": "i"})
            a = self.ascii[name] = name.lower().translate(table).replace(" ", "")
        return a

    def lead(self, i):
        r = self.r
        first, last = r.choice(FIRST), r.choice(LAST)
        spam = r.random() < 0.02
        if spam:
            first = r.choice(SPAM_NAMES)
        f, l = self.asciify(first), self.asciify(last)

        x = r.random()
        if x < 0.12:
            dom = r.choice(TARGET)
        elif x < 0.70:
            dom = r.choice(CORP)
        elif x < 0.985:
            dom = pick(r, self.free)
        else:
            dom = r.choice(DISPOSABLE)
        y = r.random()
        if y < 0.04 and dom not in DISPOSABLE:
            local = r.choice(ROLES)
        elif y < 0.55:
            local = "%s.%s" % (f, l)
        elif y < 0.75:
            local = "%s.%s" % (f[0], l)
        elif y < 0.90:
            local = f
        else:
            local = "%s%d" % (f, r.randint(1, 99))
        email = "%s@%s" % (local, dom)
        if r.random() < 0.03:
            email = email.upper() if r.random() < 0.5 else email.capitalize()
        if spam and r.random() < 0.5:
            first = first.lower()

        size_bucket = r.random()
        if size_bucket < 0.15:
            size = None
        elif size_bucket < 0.30:
            size = r.randint(1, 9)
        elif size_bucket < 0.50:
            size = r.randint(10, 49)
        elif size_bucket < 0.80:
            size = r.randint(50, 499)
        elif size_bucket < 0.95:
            size = r.randint(500, 5000)
        else:
            size = r.randint(5001, 60000)
        if size is None or r.random() < 0.15:
            revenue = None
        else:
            revenue = round(size * r.lognormvariate(11.8, 0.6), 2)

        created = self.as_of - r.randint(0, self.days * DAY)
        interest = r.random() ** 2          # most leads are lukewarm, a few are hot
        hot = interest > 0.55
        n = int(self.max_events * (0.15 + 0.85 * interest) * r.random() + 0.5) if self.max_events else 0
        n = min(n, self.max_events)
        events = self.events(n, created, hot) if n else ()

        rec = [
            '{"id":"L%07d"' % i,
            ',"email":', q(email),
            ',"first_name":', q(first) if r.random() > 0.04 else "null",
            ',"last_name":', q(last),
            ',"job_title":', self.opt(pick(r, self.titles)),
            ',"company_size":', "null" if size is None else str(size),
            ',"annual_revenue":', "null" if revenue is None else repr(revenue),
            ',"industry":', self.opt(pick(r, self.industries)),
            ',"country":', self.opt(pick(r, self.countries)),
            ',"source":"', pick(r, self.sources), '"',
            ',"do_not_email":', "true" if r.random() < 0.04 else "false",
            ',"created_at":"', self.clock.iso(created), '"',
        ]
        return rec, events

    @staticmethod
    def opt(v):
        return "null" if v is None else q(v)

    def events(self, n, created, hot):
        r = self.r
        span = max(self.as_of - created, 3600)
        # interested leads act recently: ages skew towards as_of
        recent = 45 * DAY if hot else span
        kinds = self.kinds_hot if hot else self.kinds_plain
        out = []
        for _ in range(n):
            u = r.random()
            if u < 0.005:
                t = self.as_of + r.randint(1, 7 * DAY)       # after as_of: must be invisible
            else:
                age = int(min(span, recent) * (r.random() ** (2.0 if hot else 1.0)))
                t = self.as_of - age
            k = pick(r, kinds)
            if k == "page_view":
                url = pick(r, self.hot_pages if hot else self.pages)
                out.append((t, '{"kind":"page_view","url":"%s","at":"%s"}' % (url, self.clock.iso(t))))
            elif k == "webinar":
                m = "null" if r.random() < 0.05 else str(r.randint(1, 90))
                out.append((t, '{"kind":"webinar","minutes":%s,"at":"%s"}' % (m, self.clock.iso(t))))
            elif k == "email_click":
                out.append((t, '{"kind":"email_click","url":"%s","at":"%s"}' % (r.choice(CLICK_URLS), self.clock.iso(t))))
            elif k == "download":
                out.append((t, '{"kind":"download","url":"%s","at":"%s"}' % (r.choice(DOWNLOADS), self.clock.iso(t))))
            elif k == "form_submit":
                out.append((t, '{"kind":"form_submit","url":"/contact","at":"%s"}' % self.clock.iso(t)))
            elif k == "demo_request":
                out.append((t, '{"kind":"demo_request","url":"/demo","at":"%s"}' % self.clock.iso(t)))
            else:
                out.append((t, '{"kind":"%s","at":"%s"}' % (k, self.clock.iso(t))))
        out.sort(key=lambda e: e[0])
        return [e for _, e in out]


# ------------------------------------------------------------------ malformed records

NDJSON_BAD = ["truncated", "wrong_type", "bad_time", "bad_enum", "missing_field", "fractional_int",
              "not_json", "bad_utf8", "bad_event"]
CSV_BAD = ["cell_count", "bad_bool", "wrong_type", "bad_time", "bad_events_json", "bad_enum"]


def corrupt_ndjson(line, kind):
    """line: str (one valid record). Returns bytes."""
    if kind == "truncated":
        return line[: max(1, len(line) * 2 // 3)].encode()
    if kind == "wrong_type":
        return line.replace('"company_size":', '"company_size":"5000+","x":', 1).encode()
    if kind == "bad_time":
        return line.replace('"created_at":"', '"created_at":"14.05.2024 08:00","x":"', 1).encode()
    if kind == "bad_enum":
        return line.replace('"source":"', '"source":"tradeshow","x":"', 1).encode()
    if kind == "missing_field":
        a = line.index(',"email":')
        b = line.index(',"first_name":')
        return (line[:a] + line[b:]).encode()
    if kind == "fractional_int":
        return line.replace('"company_size":', '"company_size":12.5,"x":', 1).encode()
    if kind == "not_json":
        return b"<html><body>502 Bad Gateway</body></html>"
    if kind == "bad_utf8":
        return line.replace('"last_name":"', '"last_name":"\x00', 1).encode().replace(b"\x00", b"\xc3\x28")
    if kind == "bad_event":
        if '"events":[{' in line:
            return line.replace('"events":[{"kind":"', '"events":[{"kind":"pageview","x":"', 1).encode()
        return line.replace('"events":[]', '"events":[{"kind":"page_view","at":"yesterday"}]', 1).encode()
    raise AssertionError(kind)


def csv_cell(v):
    if v is None:
        return ""
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


CSV_COLS = ["id", "email", "first_name", "last_name", "job_title", "company_size", "annual_revenue",
            "industry", "country", "source", "do_not_email", "created_at", "events"]


def to_csv_cells(obj):
    cells = []
    for c in CSV_COLS:
        v = obj.get(c)
        if c == "events":
            cells.append(json.dumps(v, ensure_ascii=False, separators=(",", ":")))
        elif v is None:
            cells.append(None)
        elif isinstance(v, bool):
            cells.append("true" if v else "false")
        else:
            cells.append(str(v))
    return cells


def corrupt_csv(cells, kind):
    cells = list(cells)
    if kind == "cell_count":
        cells = cells[:-2]
    elif kind == "bad_bool":
        cells[CSV_COLS.index("do_not_email")] = "maybe"
    elif kind == "wrong_type":
        cells[CSV_COLS.index("company_size")] = "5000+"
    elif kind == "bad_time":
        cells[CSV_COLS.index("created_at")] = "14.05.2024 08:00"
    elif kind == "bad_events_json":
        cells[CSV_COLS.index("events")] = '[{"kind":"page_view","at":'
    elif kind == "bad_enum":
        cells[CSV_COLS.index("source")] = "tradeshow"
    return cells


# ------------------------------------------------------------------ main

def main(argv=None):
    ap = argparse.ArgumentParser(description="Deterministic synthetic lead records (NDJSON or CSV).")
    ap.add_argument("n", type=int, help="number of records")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--events", type=int, default=30, metavar="MAX", help="at most MAX events per lead (default 30)")
    ap.add_argument("--format", default="ndjson", choices=["ndjson", "csv"])
    ap.add_argument("--bad-every", type=int, default=0, metavar="K", help="make every K-th record malformed")
    ap.add_argument("--as-of", default="2024-05-01T00:00:00Z", metavar="TIME",
                    help="anchor: records are created and active before this time (default 2024-05-01T00:00:00Z)")
    ap.add_argument("--days", type=int, default=365, metavar="D", help="leads were created up to D days before --as-of (default 365)")
    ap.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    a = ap.parse_args(argv)
    if a.n < 0 or a.events < 0 or a.bad_every < 0 or a.days < 0:
        ap.error("N, --events, --bad-every and --days must not be negative")
    try:
        as_of = parse_as_of(a.as_of)
    except ValueError:
        ap.error("--as-of: not an RFC 3339 time or YYYY-MM-DD date: %r" % a.as_of)

    g = Gen(a.seed, a.events, as_of, a.days)
    out = sys.stdout.buffer if a.output == "-" else open(a.output, "wb")
    buf = []
    nbad = 0
    try:
        if a.format == "csv":
            buf.append(",".join(CSV_COLS).encode() + b"\n")
        for i in range(1, a.n + 1):
            rec, events = g.lead(i)
            line = "".join(rec) + ',"events":[' + ",".join(events) + "]}"
            bad = a.bad_every and i % a.bad_every == 0
            if a.format == "ndjson":
                if bad:
                    buf.append(corrupt_ndjson(line, NDJSON_BAD[nbad % len(NDJSON_BAD)]) + b"\n")
                    nbad += 1
                else:
                    buf.append((line + "\n").encode())
            else:
                cells = to_csv_cells(json.loads(line))
                if bad:
                    cells = corrupt_csv(cells, CSV_BAD[nbad % len(CSV_BAD)])
                    nbad += 1
                buf.append((",".join(csv_cell(c) for c in cells) + "\n").encode())
            if len(buf) >= 4096:
                out.write(b"".join(buf))
                buf.clear()
        out.write(b"".join(buf))
        out.flush()
    except BrokenPipeError:
        pass
    finally:
        if out is not sys.stdout.buffer:
            out.close()


if __name__ == "__main__":
    main()
