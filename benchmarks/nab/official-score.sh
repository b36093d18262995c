#!/usr/bin/env bash
# Scores our detector's results with NAB's own official scorer (numenta/NAB run.py: --optimize --score
# --normalize), next to our port (dev.selfheal.bench.nab.NabScorer).
#
#   benchmarks/nab/official-score.sh NAB_HOME [RESULTS]
#
# NAB_HOME: a checkout of numenta/NAB at commit ea702d7 (the corpus copied in benchmarks/nab/). NAB's
#   source is not in this repository (its code stays NAB's) and no package registry this project uses
#   serves it (it is not on Maven Central nor in Debian), so it has to be given.
# RESULTS: the directory NabRunner wrote (default benchmarks/target/nab-results); it holds
#   selfheal/<category>/selfheal_<file>.csv with timestamp,value,anomaly_score,label, the columns
#   NAB's own detection step writes.
#
# NAB's scorer is Python 3 with pandas; Debian has it: apt-get install python3-pandas python3-simplejson.
# The script copies our results into NAB_HOME/results/selfheal (NAB's scorer reads them there, next to
# the null detector's results that normalisation needs), runs the optimise, score and normalise steps for
# detector "selfheal" (each writes into NAB_HOME: config/thresholds.json, results/selfheal/*_scores.csv,
# results/final_results.json) and prints the three normalised scores.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 NAB_HOME [RESULTS]" >&2
  exit 2
fi
nab_home=$(cd "$1" && pwd)
results=${2:-benchmarks/target/nab-results}

for f in run.py nab/runner.py nab/scorer.py labels/combined_windows.json config/profiles.json; do
  if [[ ! -f "$nab_home/$f" ]]; then
    echo "NAB_HOME=$nab_home is not a numenta/NAB checkout: $f is missing" >&2
    exit 2
  fi
done
if [[ ! -d "$nab_home/results/null" ]]; then
  echo "$nab_home/results/null is missing: NAB's normalisation reads the null detector's scores" \
    "(run: python3 run.py -d null --detect --optimize --score --skipConfirmation)" >&2
  exit 2
fi
count=$(find "$results/selfheal" -name 'selfheal_*.csv' | wc -l)
if [[ "$count" -ne 58 ]]; then
  echo "$results/selfheal holds $count result files, NAB needs all 58 (run NabRunner with a results directory)" >&2
  exit 2
fi
python=${PYTHON:-python3}
if ! "$python" -c 'import pandas' 2>/dev/null; then
  echo "$python has no pandas: on Debian, apt-get install python3-pandas python3-simplejson" \
    "and run with PYTHON=/usr/bin/python3" >&2
  exit 2
fi

rm -rf "$nab_home/results/selfheal"
mkdir -p "$nab_home/results/selfheal"
cp -r "$results/selfheal/." "$nab_home/results/selfheal/"
(cd "$nab_home" && "$python" run.py -d selfheal --optimize --score --normalize --skipConfirmation)
"$python" - "$nab_home/results/final_results.json" <<'EOF'
import json, sys
scores = json.load(open(sys.argv[1]))["selfheal"]
for profile in ("standard", "reward_low_FP_rate", "reward_low_FN_rate"):
    print("NAB official %-20s %6.2f" % (profile, scores[profile]))
EOF
