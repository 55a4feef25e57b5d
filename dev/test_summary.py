"""Read an Odoo test run's log and say how many tests passed and failed.

Odoo's test runner can exit 0 with failing tests, and its report differs
between series, so the verdict comes from the log. Exits 1 when any test
failed or errored, when none ran, or when the addon did not install.
Last line: ``N passed, N failed``.
"""

import argparse
import re
import sys

# 11.0 - 14.0 log unittest's own report per test module, and a line per
# module that failed.
RAN = re.compile(r"\bRan (\d+) tests? in ")
SKIPPED = re.compile(r"\(skipped=(\d+)\)")
MODULE_FAILED = re.compile(r"odoo\.modules\.module: Module \S+: (\d+) failures, (\d+) errors")
# 15.0+ log one summary per run.
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
# A module that did not load, or an error outside any test.
FATAL = re.compile(r" (CRITICAL|ERROR) \S+ odoo\.(modules\.(loading|registry)|service\.server): ")


def count(log_text):
    ran = failed = 0
    summaries = SUMMARY.findall(log_text)
    if summaries:
        for failures, errors, tests in summaries:
            ran += int(tests)
            failed += int(failures) + int(errors)
        return ran, failed
    ran = sum(int(n) for n in RAN.findall(log_text))
    for failures, errors in MODULE_FAILED.findall(log_text):
        failed += int(failures) + int(errors)
    return ran, failed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("addon")
    parser.add_argument("--installed", default="")
    parser.add_argument("--checks", help="a file of PASS/FAIL lines from scripted checks")
    args = parser.parse_args()
    with open(args.log, encoding="utf-8", errors="replace") as log:
        text = log.read()
    ran, failed = count(text)
    if args.checks:
        with open(args.checks, encoding="utf-8") as checks:
            lines = checks.read().splitlines()
        results = [line.split(" ", 1)[0] for line in lines]
        skipped_checks = results.count("SKIP")
        ran += results.count("PASS") + results.count("FAIL")
        failed += results.count("FAIL")
        if not (lines and re.search(r"\d+ passed, \d+ failed$", lines[-1])):
            failed += 1
            print("test run broken: the checks in %s did not finish" % args.checks)
    problems = []
    if args.installed != "installed":
        problems.append("%s is not installed after the run (state: %r)" % (args.addon, args.installed))
    if ran == 0:
        problems.append("no test ran")
    fatal = [line for line in text.splitlines() if FATAL.search(line)]
    if fatal:
        problems.append("the server logged errors outside the tests:\n  " + "\n  ".join(fatal[:5]))
    for problem in problems:
        print("test run broken: " + problem)
    skipped = sum(int(n) for n in SKIPPED.findall(text)) + (skipped_checks if args.checks else 0)
    ran += skipped_checks if args.checks else 0
    print(
        "%d passed, %d failed, %d skipped"
        % (ran - failed - skipped, failed + (1 if problems and not failed else 0), skipped)
    )
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
