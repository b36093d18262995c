#!/usr/bin/env bash
# Scores our detector's results with NAB's own official scorer (numenta/NAB run.py --optimize --score
# --normalize), after proving that scorer on the three reference detectors.
#
#   benchmarks/nab/official-score.sh NAB_HOME [RESULTS]
#
# NAB_HOME: numenta/NAB's code: run.py and the package nab/ (runner, scorer, sweeper, optimizer, corpus,
#   labeler, util) of the Python 3 version at commit ea702d7 (NAB v1.1, the corpus copied in benchmarks/nab/).
#   NAB's code is not in this repository (it stays NAB's) and no package registry this project uses serves it
#   (it is on neither Maven Central nor Debian), so it has to be given. Only its code is used: the data, the
#   windows, the profiles and the published thresholds come from benchmarks/nab/ (NAB's own files, copied).
# RESULTS: the directory NabRunner wrote (default benchmarks/target/nab-results); it holds
#   selfheal/<category>/selfheal_<file>.csv with timestamp,value,anomaly_score,label, the columns
#   NAB's own detection step writes.
#
# NAB's scorer is Python 3 with pandas; Debian has it: apt-get install python3-pandas python3-simplejson
# (and run with PYTHON=/usr/bin/python3 where another python3 comes first on the PATH).
#
# Nothing is written into NAB_HOME. In a scratch directory (WORK, default a fresh mktemp -d) the script
#   1. lays out a NAB tree: NAB_HOME's run.py and nab/, benchmarks/nab/{data,labels,config};
#   2. writes results/<d>/<category>/<d>_<file>.csv for the reference detectors null, windowedGaussian and
#      contextOSE from their stored scores (benchmarks/nab/reference/), and runs
#        python3 run.py -d null windowedGaussian contextOSE --score --normalize --skipConfirmation
#      with NAB's published thresholds (config/thresholds.json), then the same with --optimize (NAB's own
#      threshold sweep); each time the normalised scores must equal reference/final_results.json within
#      1e-6, or the script stops (the scorer is not NAB's v1.1 scorer, or the tree is wrong);
#   3. copies RESULTS/selfheal into results/ and runs
#        python3 run.py -d selfheal --optimize --score --normalize --skipConfirmation
#      (NAB normalises against the null detector's scores of step 2) and prints the three scores, each
#      next to the threshold NAB's optimiser chose.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 NAB_HOME [RESULTS]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
nab_home=$(cd "$1" && pwd)
results=$(cd "${2:-benchmarks/target/nab-results}" && pwd)

for f in run.py nab/runner.py nab/scorer.py nab/sweeper.py nab/optimizer.py nab/corpus.py nab/labeler.py \
    nab/util.py; do
  if [[ ! -f "$nab_home/$f" ]]; then
    echo "NAB_HOME=$nab_home is not a numenta/NAB checkout: $f is missing" >&2
    exit 2
  fi
done
if ! grep -q -- '--normalize' "$nab_home/run.py" || ! grep -q 'Sweeper' "$nab_home/nab/scorer.py"; then
  echo "NAB_HOME=$nab_home is an older NAB: its run.py has no --normalize or its scorer no Sweeper" \
    "(NAB v1.1 at ea702d7 has both)" >&2
  exit 2
fi
count=$(find "$results/selfheal" -name 'selfheal_*.csv' | wc -l)
if [[ "$count" -ne 58 ]]; then
  echo "$results/selfheal holds $count result files, NAB needs all 58 (run NabRunner with a results directory)" >&2
  exit 2
fi
python=${PYTHON:-python3}
if ! "$python" -c 'import pandas, dateutil' 2>/dev/null; then
  echo "$python has no pandas: on Debian, apt-get install python3-pandas python3-simplejson" \
    "and run with PYTHON=/usr/bin/python3" >&2
  exit 2
fi

work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
rm -rf "$work/nab" "$work/run.py" "$work/data" "$work/labels" "$work/config" "$work/results"
cp "$nab_home/run.py" "$work/"
cp -r "$nab_home/nab" "$work/nab"
cp -r "$here/data" "$here/labels" "$here/config" "$work/"
echo "NAB tree in $work"

# Step 2: the reference detectors' results files, in NAB's layout, from their stored score columns.
"$python" - "$here/reference" "$work/data" "$work/results" null windowedGaussian contextOSE <<'EOF'
import gzip, os, sys
reference, data, out = sys.argv[1:4]
for detector in sys.argv[4:]:
    for category in sorted(os.listdir(data)):
        if not os.path.isdir(os.path.join(data, category)):
            continue
        for name in sorted(f for f in os.listdir(os.path.join(data, category)) if f.endswith(".csv")):
            rows = open(os.path.join(data, category, name)).read().splitlines()[1:]
            with gzip.open(os.path.join(reference, detector, category, name[:-4] + ".scores.gz"), "rt") as z:
                scores = z.read().split()
            if len(rows) != len(scores):
                sys.exit("%s/%s: %d rows, %d scores" % (category, name, len(rows), len(scores)))
            os.makedirs(os.path.join(out, detector, category), exist_ok=True)
            with open(os.path.join(out, detector, category, detector + "_" + name), "w") as w:
                w.write("timestamp,value,anomaly_score\n")
                for row, score in zip(rows, scores):
                    w.write(row + "," + score + "\n")
EOF

check_reference() {
  "$python" - "$work/results/final_results.json" "$here/reference/final_results.json" "$1" <<'EOF'
import json, sys
got, published = (json.load(open(p)) for p in sys.argv[1:3])
worst = 0.0
for detector in ("null", "windowedGaussian", "contextOSE"):
    for profile in ("standard", "reward_low_FP_rate", "reward_low_FN_rate"):
        diff = abs(got[detector][profile] - published[detector][profile])
        worst = max(worst, diff)
        print("NAB official (%s) %-16s %-20s %10.6f  published %10.6f" % (
            sys.argv[3], detector, profile, got[detector][profile], published[detector][profile]))
if worst > 1e-6:
    sys.exit("NAB's scorer does not reproduce the published scores (worst difference %.3g)" % worst)
print("reference detectors reproduced, worst difference %.3g" % worst)
EOF
}

cd "$work"
"$python" run.py -d null windowedGaussian contextOSE --score --normalize --skipConfirmation -n 2 >/dev/null
check_reference "published thresholds"
"$python" run.py -d null windowedGaussian contextOSE --optimize --score --normalize --skipConfirmation -n 2 \
  >/dev/null
check_reference "optimised thresholds"

# Step 3: ours.
cp -r "$results/selfheal" "$work/results/selfheal"
"$python" run.py -d selfheal --optimize --score --normalize --skipConfirmation -n 2 >/dev/null
"$python" - "$work/results/final_results.json" "$work/config/thresholds.json" <<'EOF'
import json, sys
scores = json.load(open(sys.argv[1]))["selfheal"]
thresholds = json.load(open(sys.argv[2]))["selfheal"]
for profile in ("standard", "reward_low_FP_rate", "reward_low_FN_rate"):
    print("NAB official selfheal %-20s %9.6f  (threshold %r, raw %.6f)" % (
        profile, scores[profile], thresholds[profile]["threshold"], thresholds[profile]["score"]))
EOF
