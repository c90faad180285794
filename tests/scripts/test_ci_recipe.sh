#!/bin/bash
# docs/ci.md works as written: its GitHub Actions workflow and pre-commit configuration are
# parsed from the page, and every `run:` step that does not build leadc or talk to GitHub runs,
# in order, in a git repository holding a copy of examples/ as its models: on the main branch,
# then on a pull request that changes one weight. The page's own commands must pass on the
# examples, and the pull request's diff comment must name the changed model and nothing else.
# usage: test_ci_recipe.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$(readlink -f "$1")
src=$(readlink -f "$2")
exec python3 - "$leadc" "$src" <<'PY'
import json, os, re, shutil, subprocess, sys, tempfile
import xml.etree.ElementTree as ET
import yaml

leadc, src = sys.argv[1], sys.argv[2]
doc = open(os.path.join(src, "docs/ci.md"), encoding="utf-8").read()
blocks = re.findall(r"^```yaml\n(.*?)^```", doc, re.M | re.S)
assert len(blocks) == 2, "docs/ci.md should hold the workflow and the pre-commit config"
workflow, precommit = yaml.safe_load(blocks[0]), yaml.safe_load(blocks[1])

def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)

job = workflow["jobs"]["rules"]
perms = job["permissions"]
for p in ("security-events", "pull-requests", "checks"):
    if perms.get(p) != "write":
        fail("the job needs %s: write" % p)
steps = job["steps"]
uses = [s.get("uses", "") for s in steps]
for action in ("actions/checkout@", "github/codeql-action/upload-sarif@", "mikepenz/action-junit-report@",
               "actions/upload-artifact@", "actions/cache@"):
    if not any(u.startswith(action) for u in uses):
        fail("the workflow does not use " + action)
for s in steps:
    if "run" in s and "${{" in s["run"]:
        fail("step %s puts an expression into its script; pass it through env" % s.get("id"))

SKIP = {"build-leadc", "runtime-libraries", "path", "comment"}   # need the network or GitHub itself
tmp = tempfile.mkdtemp()
bin_dir = os.path.join(tmp, "bin")
os.makedirs(bin_dir)
os.symlink(leadc, os.path.join(bin_dir, "leadc"))
runner_temp = os.path.join(tmp, "runner")
os.makedirs(runner_temp)

def sh(cmd, cwd, check=True, env=None):
    p = subprocess.run(cmd, cwd=cwd, shell=isinstance(cmd, str), capture_output=True, text=True, env=env)
    if check and p.returncode:
        fail("%s exited %d:\n%s%s" % (cmd, p.returncode, p.stdout, p.stderr))
    return p

# a repository of rule files: the examples as models/, pushed to an "origin"
origin = os.path.join(tmp, "origin.git")
repo = os.path.join(tmp, "repo")
sh(["git", "init", "-q", "--bare", "-b", "main", origin], tmp)
sh(["git", "clone", "-q", origin, repo], tmp)
shutil.copytree(os.path.join(src, "examples"), os.path.join(repo, "models"),
                ignore=shutil.ignore_patterns("README.md"))
git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.com"]
sh(git + ["add", "-A"], repo)
sh(git + ["commit", "-q", "-m", "models"], repo)
sh(["git", "push", "-q", "origin", "main"], repo)

def run_steps(event, base):
    """Runs the steps as GitHub would: after a failure, only steps whose `if` says always().
    Returns [(step id, exit status)]."""
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], RUNNER_TEMP=runner_temp,
               LC_ALL="C", NO_COLOR="1")
    env.update({k: str(v) for k, v in workflow["env"].items()})
    ran, failed = [], False
    for s in steps:
        if "run" not in s or s.get("id") in SKIP:
            continue
        cond = s.get("if", "")
        if ("pull_request" in cond and event != "pull_request") or (failed and "always()" not in cond):
            continue
        step_env = dict(env)
        for k, v in s.get("env", {}).items():
            step_env[k] = base if "base_ref" in str(v) else str(v)
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]], cwd=repo,
                           capture_output=True, text=True, env=step_env)
        ran.append((s["id"], p.returncode))
        failed |= p.returncode != 0
        outputs[s["id"]] = p.stdout + p.stderr
    return ran

outputs = {}

# on main: formatting, check, tests (with coverage) pass on the examples
ran = run_steps("push", "main")
if ran != [("fmt", 0), ("check", 0), ("test", 0)]:
    fail("steps run on a push: %s\n%s" % (ran, "".join(outputs.values())))
sarif = json.load(open(os.path.join(repo, "leadc.sarif")))
if sarif.get("version") != "2.1.0" or any(r.get("level") == "error" for r in sarif["runs"][0]["results"]):
    fail("leadc.sarif is not a SARIF 2.1.0 report without errors")
suites = ET.parse(os.path.join(repo, "junit.xml")).getroot()
if suites.tag != "testsuites" or int(suites.get("tests")) < 10 or int(suites.get("failures")):
    fail("junit.xml: %s" % ET.tostring(suites)[:200])
if "end_of_record" not in open(os.path.join(repo, "coverage.info")).read():
    fail("coverage.info is not LCOV")

# a pull request that changes one weight in one model: the tests that pinned the old number fail,
# and the comment still shows what the change does
sh(git + ["checkout", "-q", "-b", "heavier-demo"], repo)
path = os.path.join(repo, "models/b2b_saas/b2b_saas.score")
text = open(path).read()
changed = re.sub(r"(rule demo_request\n.*?then )\+30", r"\g<1>+35", text, count=1, flags=re.S)
if changed == text:
    fail("could not find demo_request's +30 in the b2b example")
open(path, "w").write(changed)
sh(git + ["commit", "-q", "-am", "demo requests count more"], repo)
ran = run_steps("pull_request", "main")
if ran != [("fmt", 0), ("check", 0), ("test", 1), ("diff", 0)]:
    fail("steps run on a pull request: %s\n%s" % (ran, "".join(outputs.values())))
if "expect rule demo_request == 30" not in open(os.path.join(repo, "junit.xml")).read():
    fail("the failing test is not in junit.xml")
comment = open(os.path.join(repo, "diff.md")).read()
for want in ("### Scoring change: `", "b2b_saas.score", "re-weighted", "`+30`", "`+35`", "Tier transitions"):
    if want not in comment:
        fail("the diff comment lacks %r:\n%s" % (want, comment))
if comment.count("### Scoring change") != 1:
    fail("the diff comment compares models the pull request did not touch:\n" + comment)

# an unformatted file fails the formatting step
with open(path, "a") as f:
    f.write("rule   sloppy when true then   1\n")
p = subprocess.run(["bash", "-eo", "pipefail", "-c", next(s["run"] for s in steps if s.get("id") == "fmt")],
                   cwd=repo, capture_output=True, text=True,
                   env=dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], MODELS="models"))
if p.returncode != 1 or "b2b_saas.score" not in p.stdout:
    fail("fmt --check on an unformatted file: exit %d, %r" % (p.returncode, p.stdout))

# pre-commit: each hook as pre-commit would run it, on every rule file
hooks = precommit["repos"][0]["hooks"]
files = sorted(os.path.relpath(os.path.join(d, f), repo) for d, _, fs in os.walk(os.path.join(repo, "models"))
               for f in fs if f.endswith(".score"))
env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
sh(git + ["checkout", "-q", "--", "."], repo)
sh(git + ["checkout", "-q", "main"], repo)
for h in hooks:
    if h["language"] != "system" or not re.search(h["files"], "x.score"):
        fail("hook %s" % h["id"])
    cmd = h["entry"].split() + (files if h.get("pass_filenames", True) else [])
    sh(cmd, repo, env=env)
    if sh(["git", "status", "--porcelain", "--untracked-files=no"], repo).stdout:
        fail("hook %s changed formatted files" % h["id"])
with open(path, "a") as f:
    f.write("rule   sloppy when true then   1\n")
fmt = next(h for h in hooks if h["id"] == "leadc-fmt")
sh(fmt["entry"].split() + files, repo, env=env)
if not open(path).read().endswith("rule sloppy when true then 1\n"):
    fail("the leadc-fmt hook did not fix the layout")
shutil.rmtree(tmp)
print("ok")
PY
