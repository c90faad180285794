#!/usr/bin/env bash
# The HTML reports of `leadc eval` and `leadc diff` in a real browser (Debian's chromium, headless):
#   - the page as written renders without a single console message: it has no script and its
#     Content-Security-Policy forbids every fetch, so any message (a blocked request, an SVG
#     attribute the browser cannot parse) is an error;
#   - every plot is there, laid out at a real size, with marks inside its canvas (checked by a
#     small script added to a copy of the page, which writes PASS or FAIL into the DOM);
#   - a screenshot comes out, and writing the same report twice gives the same bytes.
# usage: test_html_report.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$(readlink -f "$1")
src=$(readlink -f "$2")
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (scripts/install-deps.sh installs it): HTML reports not rendered"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
as_of=--as-of=2024-06-01T00:00:00Z
fx=$src/tests/cli/fixtures/eval
dfx=$src/tests/golden/diff/fixtures
fail=0

"$leadc" eval "$fx/trial.score" "$fx/outcomes.ndjson" --label=converted $as_of --format=html -o "$work/eval.html" 2>/dev/null
"$leadc" eval "$fx/trial.score" "$fx/outcomes.ndjson" --label=converted $as_of --format=html 2>/dev/null > "$work/again.html"
cmp -s "$work/eval.html" "$work/again.html" || { echo "FAIL: eval --format=html differs between two runs"; fail=1; }
"$leadc" diff "$dfx/v1.score" "$dfx/v2_rules.score" "$dfx/leads.ndjson" $as_of --format=html > "$work/diff.html"
declare -A plots=(
  [eval]="plot-histogram plot-roc plot-bands plot-tiers plot-lift"
  [diff]="plot-transitions plot-delta"
)
bank=$src/../shared/data/bank-additional-full.csv
if [ -f "$bank" ]; then
  "$leadc" eval "$src/examples/bank_marketing/bank_marketing.score" "$bank" --csv-delimiter=';' --label=y $as_of \
    --format=html -o "$work/bank.html"
  plots[bank]=${plots[eval]}
fi

# chromium PAGE ARGS…: stdout is the browser's, its log goes to PAGE.log.
chromium_run() {
  local page=$1
  shift
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d -p "$work")" \
    --enable-logging=stderr --v=0 "$@" 2>>"$work/$page.log"
}

checker() {   # the ids of the plots to check
  cat <<JS
<script>
(function () {
  var problems = [];
  window.addEventListener('error', function (e) { problems.push('script error: ' + e.message); });
  '$1'.split(' ').forEach(function (id) {
    var svg = document.getElementById(id);
    if (!svg) { problems.push(id + ' missing'); return; }
    var box = svg.getBoundingClientRect();
    if (box.width < 100 || box.height < 80) problems.push(id + ' is ' + box.width + 'x' + box.height);
    var vb = svg.viewBox.baseVal, marks = svg.querySelectorAll('rect, polyline, line');
    if (marks.length < 3) problems.push(id + ' has ' + marks.length + ' marks');
    marks.forEach(function (m) {
      var b = m.getBBox();
      if (!(b.x >= -1 && b.y >= -1 && b.x + b.width <= vb.width + 1 && b.y + b.height <= vb.height + 1))
        problems.push(id + ': a ' + m.tagName + ' lies outside the canvas');
    });
    if (/NaN|Infinity/.test(svg.outerHTML)) problems.push(id + ' holds NaN or Infinity');
  });
  var out = document.createElement('pre');
  out.id = 'leadc-check';
  out.textContent = problems.length ? 'FAIL ' + problems.slice(0, 10).join('; ') : 'PASS';
  document.body.appendChild(out);
})();
</script>
JS
}

for page in "${!plots[@]}"; do
  html=$work/$page.html
  if grep -q '<script' "$html" || grep -o 'https\?://[^"]*' "$html" | grep -vqx 'http://www.w3.org/2000/svg'; then
    echo "FAIL: $page: the report holds a script or a link"
    fail=1
  fi
  dom=$(chromium_run "$page" --dump-dom "file://$html")
  for id in ${plots[$page]}; do
    grep -q "<svg id=\"$id\"" <<<"$dom" || { echo "FAIL: $page: $id is not in the rendered page"; fail=1; }
  done
  chromium_run "$page" --window-size=1200,2400 --screenshot="$work/$page.png" "file://$html" >/dev/null
  [ "$(stat -c %s "$work/$page.png" 2>/dev/null || echo 0)" -gt 20000 ] || { echo "FAIL: $page: no screenshot"; fail=1; }
  if grep -q ':CONSOLE' "$work/$page.log"; then
    echo "FAIL: $page: console messages:"
    grep ':CONSOLE' "$work/$page.log"
    fail=1
  fi

  # A copy whose policy lets the checker run; the report itself stays script-free.
  sed -e "s/default-src 'none'; style-src 'unsafe-inline'/default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'/" \
      -e "s|</body>|$(checker "${plots[$page]}" | tr '\n' ' ' | sed 's/[&|]/\\&/g')</body>|" "$html" > "$work/$page.check.html"
  result=$(chromium_run "$page-check" --dump-dom "file://$work/$page.check.html" | grep -o '<pre id="leadc-check">[^<]*' || true)
  case "$result" in
    *'>PASS') ;;
    *) echo "FAIL: $page: ${result#*>}"; fail=1 ;;
  esac
  if grep -q ':CONSOLE' "$work/$page-check.log"; then
    echo "FAIL: $page: console messages while checking:"
    grep ':CONSOLE' "$work/$page-check.log"
    fail=1
  fi
done
[ $fail -eq 0 ] && echo "ok: ${!plots[*]} rendered in $("$browser" --version 2>/dev/null | head -1)"
exit $fail
