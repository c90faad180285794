#!/usr/bin/env python3
"""Generates a large, valid scoring model for compile-time benchmarks.

usage: gen_model.py RULES [--seed S] > big.score

The model has the benchmark's record shape (../shared/bench/b2b.score) and RULES rules drawn from
realistic shapes — attribute tests, regexes, `in` lists, `each` rules with decay, windowed
aggregates — spread over groups of 50 rules with caps, and three tiers. Deterministic for a seed.
"""
import argparse, random

HEADER = '''model generated_{n} "Generated model with {n} rules"
version "1"
score range 0 .. 1000

input lead {{
  key id:         string
  email:          string
  first_name:     string?
  job_title:      string?
  company_size:   int?
  annual_revenue: number?
  industry:       string?
  country:        string?
  source:         enum("organic", "paid", "webinar", "referral", "event")
  do_not_email:   bool
  created_at:     time
  events:         list<event>
}}

record event {{
  kind:         enum("page_view", "email_open", "email_click", "form_submit",
                     "download", "webinar", "demo_request", "trial_signup")
  url:          string?
  minutes:      int?
  timestamp at: time
}}

const titles    = /\\b(ceo|cto|cfo|founder|vp|head of|director)\\b/i
const nordics   = ["NO", "SE", "DK", "FI"]
const free_mail = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com"]
'''

KINDS = ["page_view", "email_open", "email_click", "form_submit", "download", "webinar", "demo_request", "trial_signup"]
URLS = ["/pricing", "/careers", "/docs", "/blog", "/product", "/contact"]
INDUSTRIES = ["software", "finance", "retail", "manufacturing", "healthcare"]


def rule(i, r):
    pts = r.choice([1, 2, 3, 5, 8, 10, 15, 20, -5, -10])
    sign = "+" if pts > 0 else ""
    shape = r.randrange(8)
    name = "r%05d" % i
    if shape == 0:
        lo = r.choice([1, 10, 50, 200]); hi = lo * r.choice([5, 10, 100])
        return f"  rule {name} when company_size in {lo} .. {hi} then {sign}{pts}"
    if shape == 1:
        return f"  rule {name} when job_title matches titles then {sign}{pts}"
    if shape == 2:
        return f'  rule {name} when industry == "{r.choice(INDUSTRIES)}" and country in nordics then {sign}{pts}'
    if shape == 3:
        return f"  rule {name} when domain(email) in free_mail then {sign}{pts}"
    if shape == 4:
        return (f'  rule {name} each events where kind == "{r.choice(KINDS)}" and url starts_with "{r.choice(URLS)}"'
                f" then {sign}{pts} decay half_life {r.choice([7, 14, 30])}d cap {abs(pts) * 4}")
    if shape == 5:
        return (f'  rule {name} when count(events where kind == "{r.choice(KINDS)}" within {r.choice([7, 30, 90])}d)'
                f" >= {r.randint(1, 4)} then {sign}{pts}")
    if shape == 6:
        return f"  rule {name} when annual_revenue >= {r.choice([1e5, 1e6, 1e7]):.0f} then {sign}{pts}"
    return f"  rule {name} when days_since(max(events.at) ?? created_at) > {r.choice([30, 60, 90])} then {sign}{pts}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rules", type=int)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    out = [HEADER.format(n=a.rules)]
    for g in range(0, a.rules, 50):
        out.append("group g%04d cap 40 {" % (g // 50))
        for i in range(g, min(g + 50, a.rules)):
            out.append(rule(i, r))
        out.append("}\n")
    out.append("tier sql  when score >= 300\ntier mql  when score >= 150\ntier lead otherwise\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
