#!/bin/sh
# run-fuzz.sh HARNESS SEEDS WORKDIR SECONDS MAXLEN: one bounded libFuzzer run
# (ctest's fuzz/* tests).  New inputs go to WORKDIR/corpus, crashes to
# WORKDIR/ (crash-*, leak-*, timeout-*, oom-*); the exit status is libFuzzer's
# (non-zero on any crash, sanitizer report, leak, timeout or OOM).  Prints the
# runs done and the crashes found.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
h=$1 seeds=$2 work=$3 secs=$4 maxlen=$5
rm -rf "$work"
mkdir -p "$work/corpus"
[ -d "$seeds" ] || { echo "no seed corpus at $seeds" >&2; exit 1; }
"$h" -max_total_time="$secs" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
     -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds" >"$work/log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
crashes=$(ls "$work" | grep -c -E '^(crash|leak|timeout|oom)-' || true)
echo "$(basename "$h"): ${runs:-?} runs in ${secs} s, ${crashes} crashes, exit $rc, seeds $(ls "$seeds" | wc -l)"
if [ "$rc" -ne 0 ]; then
  tail -n 60 "$work/log"
fi
exit $rc
