# A jq program scoring shared/bench/b2b.score, the baseline leadc is measured against.
# usage: jq -c --arg as_of 2024-05-01T00:00:00Z -f score.jq INPUT.ndjson
# Times are RFC 3339 UTC with whole seconds, as gen_leads.py writes them (fromdateiso8601).

def secs: if type == "number" then . else fromdateiso8601 end;
def day: 86400;
# Half away from zero to cents (jq has no exact decimal rounding; ties are rare and within 0.01).
def cents: if . < 0 then -((-. * 100 + 0.5) | floor) / 100 else ((. * 100 + 0.5) | floor) / 100 end;

($as_of | secs) as $now
| . as $lead
| [.events // [] | .[] | (.at | secs) as $t | select($t <= $now) | . + {age: ($now - $t)}] as $ev
| ( [ if (.job_title != null and (.job_title | test("\\b(ceo|cto|cfo|founder|vp|head of|director)\\b"; "i"))) then 20 else 0 end,
      if (.company_size != null and .company_size >= 50 and .company_size <= 5000) then 15 else 0 end,
      if (.company_size != null and .company_size < 10) then -20 else 0 end,
      if (.country | IN("NO", "SE", "DK", "FI")) then 5 else 0 end,
      if .industry == "software" then 10 else 0 end,
      if (.annual_revenue != null and .annual_revenue >= 1000000) then 5 else 0 end
    ] | add | [., 50] | min ) as $fit
| ( [ ([$ev[] | select(.kind == "page_view" and .url != null and (.url | startswith("/pricing")))
          | 5 * pow(2; -.age / (14 * day))] | add // 0 | [., 20] | min),
      (if any($ev[]; .kind == "demo_request" and .age <= 30 * day) then 30 else 0 end),
      (if any($ev[]; .kind == "trial_signup") then 15 else 0 end),
      ([$ev[] | select(.kind == "webinar" and .minutes != null)
          | .minutes / 10 * ([0, 1 - .age / (60 * day)] | max)] | add // 0),
      (if ([$ev[] | select(.kind == "email_click" and .age <= 30 * day)] | length) >= 3 then 10 else 0 end),
      ([$ev[] | select(.kind == "email_open") | pow(2; -.age / (7 * day))] | add // 0 | [., 5] | min)
    ] | add | [., 60] | min ) as $engagement
| ( $fit + $engagement
    + (if any($ev[]; .kind == "page_view" and .url != null and (.url | startswith("/careers"))) then -15 else 0 end)
    + (if ((.email | test("@")) and (.email | sub(".*@"; "") | ascii_downcase | IN("gmail.com", "yahoo.com", "hotmail.com", "outlook.com"))) then -10 else 0 end)
    + (if .do_not_email then -5 else 0 end)
    + (if ((($ev | map($now - .age) | max) // (.created_at | secs)) as $last | ($now - $last) / day > 60) then -20 else 0 end)
  ) as $total
| ([[$total, 0] | max, 100] | min | cents) as $score
| { id: .id, score: $score,
    tier: (if ($score >= 80 or ($score >= 60 and any($ev[]; .kind == "demo_request"))) then "sql"
           elif ($score >= 50 or ($lead.source == "webinar" and $score >= 40)) then "mql"
           else "lead" end) }
