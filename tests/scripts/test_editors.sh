#!/bin/bash
# The editor grammars in editors/: the VS Code extension's JSON is valid and wired together;
# every keyword of the lexer (grammar/lexer.l) is highlighted by both the TextMate grammar and the
# Vim syntax file; and the TextMate grammar, run by a small TextMate-style tokenizer over every
# example model, leaves no region open, gives every keyword the lexer would return a keyword
# scope, and never takes a keyword inside a comment or string for one.
# usage: test_editors.sh LEADC SOURCE_DIR
set -euo pipefail
src=$(readlink -f "$2")
exec python3 - "$src" <<'PY'
import glob, json, os, re, sys

src = sys.argv[1]
ed = os.path.join(src, "editors")
problems = []

pkg = json.load(open(os.path.join(ed, "vscode/package.json")))
lang = pkg["contributes"]["languages"][0]
gram = pkg["contributes"]["grammars"][0]
if ".score" not in lang["extensions"] or gram["language"] != lang["id"]:
    problems.append("package.json: the language and grammar do not match *.score")
json.load(open(os.path.join(ed, "vscode", lang["configuration"])))
g = json.load(open(os.path.join(ed, "vscode", gram["path"])))
if g["scopeName"] != gram["scopeName"]:
    problems.append("scopeName differs between package.json and the grammar")

lexer = open(os.path.join(src, "grammar/lexer.l")).read()
keywords = re.findall(r'^"([a-z_]+)"\s+TOK\(TK_', lexer, re.M)
if len(keywords) < 50:
    problems.append("found only %d keywords in lexer.l" % len(keywords))

# every pattern, compiled with Python's re (the grammar keeps to the common subset of Oniguruma)
def rules(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from rules(v)
    elif isinstance(node, list):
        for v in node:
            yield from rules(v)
patterns = []
for r in rules(g):
    for k in ("match", "begin", "end"):
        if isinstance(r.get(k), str):
            patterns.append(re.compile(r[k]))

def keyword_scope(word):
    for r in rules(g.get("repository", {})):
        m = r.get("match")
        if isinstance(m, str) and r.get("name", "").startswith(("keyword", "constant.language", "storage.type")):
            if re.fullmatch(m, word):
                return r["name"]
    return None

vim = open(os.path.join(ed, "vim/syntax/leadc.vim")).read()
vim_words = set()
for line in vim.splitlines():
    if line.startswith("syn keyword"):
        vim_words.update(w for w in line.split()[3:] if "=" not in w)
for kw in keywords:
    if not keyword_scope(kw):
        problems.append("the TextMate grammar does not highlight the keyword %r" % kw)
    if kw not in vim_words:
        problems.append("the Vim syntax does not highlight the keyword %r" % kw)
if not glob.glob(os.path.join(ed, "vim/ftdetect/*.vim")) or "*.score" not in open(os.path.join(ed, "vim/ftdetect/leadc.vim")).read():
    problems.append("Vim does not detect *.score")

# ---- a small TextMate tokenizer: match rules and begin/end regions, `include`, captures
repo = g["repository"]

def expand(pats):
    out = []
    for p in pats:
        if "include" in p:
            inc = p["include"]
            out += expand([repo[inc[1:]]] if inc.startswith("#") else [])
        elif "patterns" in p and "match" not in p and "begin" not in p:
            out += expand(p["patterns"])
        else:
            out.append(p)
    return out

def tokenize(text):
    """Yields (start, end, scopes) for every matched piece of text and every closed region."""
    stack = []                      # open begin/end rules, with the offset each began at
    offset = 0
    for line in text.split("\n"):
        pos = 0
        while pos <= len(line):
            names = [r.get("name", "") for r, _ in stack]
            cands = expand(stack[-1][0].get("patterns", [])) if stack else expand(g["patterns"])
            best, best_rule = None, None
            if stack:
                best = re.compile(stack[-1][0]["end"]).search(line, pos)
            for r in cands:
                m = re.compile(r.get("match") or r["begin"]).search(line, pos)
                if m and (best is None or m.start() < best.start()):
                    best, best_rule = m, r
            if best is None:
                break
            if best_rule is None:
                rule, start = stack.pop()
                yield start, offset + best.end(), names
            elif "match" in best_rule:
                yield offset + best.start(), offset + best.end(), names + [best_rule.get("name", "")]
                for i, cap in best_rule.get("captures", {}).items():
                    if best.group(int(i)) is not None:
                        yield offset + best.start(int(i)), offset + best.end(int(i)), names + [cap["name"]]
            else:
                stack.append((best_rule, offset + best.start()))
                for i, cap in best_rule.get("beginCaptures", {}).items():
                    if best.group(int(i)) is not None:
                        yield offset + best.start(int(i)), offset + best.end(int(i)), names + [cap["name"]]
            if best.end() > best.start():
                pos = best.end()
            elif best_rule is not None:
                pos += 1            # an empty match that opens nothing moves on
        offset += len(line) + 1
    if stack:
        yield -1, -1, ["unclosed " + stack[-1][0].get("name", stack[-1][0]["begin"])]

files = sorted(glob.glob(os.path.join(src, "examples/*/*.score")) + glob.glob(os.path.join(src, "stdlib/std/*.score")))
seen_scopes = set()
for path in files:
    text = open(path, encoding="utf-8").read()
    scope_at = {}
    for a, b, scopes in tokenize(text):
        if a < 0:
            problems.append("%s: %s at the end of the file" % (path, scopes[0]))
            continue
        for i in range(a, b):
            scope_at.setdefault(i, set()).update(s for s in scopes if s)
        seen_scopes.update(s.split(".")[0] for s in scopes if s)
    # the words the lexer returns as keywords: outside comments, strings, regexes and JSON
    for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", text):
        scopes = scope_at.get(m.start(), set())
        inside = any(s.startswith(("comment", "string", "meta.structure")) for s in scopes)
        word = m.group()
        if word in keywords and not inside:
            if not any(s.startswith(("keyword", "constant.language", "storage.type")) for s in scopes):
                line = text.count("\n", 0, m.start()) + 1
                problems.append("%s:%d: keyword %r is highlighted as %s" % (path, line, word, scopes))
        if word in keywords and inside and any(s.startswith("keyword") for s in scopes):
            line = text.count("\n", 0, m.start()) + 1
            problems.append("%s:%d: %r inside %s is highlighted as a keyword" % (path, line, word, scopes))
for want in ("comment", "string", "keyword", "constant", "entity"):
    if want not in seen_scopes:
        problems.append("no %s scope anywhere in the examples" % want)

for p in problems:
    print(p)
print("%d keywords, %d files tokenized, %d problems" % (len(keywords), len(files), len(problems)))
sys.exit(1 if problems else 0)
PY
