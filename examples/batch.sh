#!/usr/bin/env bash
# Prepare every PDF under IN_DIR into OUT_DIR one file at a time, acting on each exit code.
#
#     examples/batch.sh IN_DIR OUT_DIR
#
# `commonforms prepare IN_DIR -o OUT_DIR` does the same in parallel, with a JSON report; a loop
# like this one is for scripts that must decide per file (here: damaged files are reported,
# encrypted ones listed for a person, and any other failure stops the run). Each call loads the
# model again, so it is slower than one batch. Re-running it resumes: finished outputs are skipped.
set -euo pipefail

in_dir=${1:?usage: batch.sh IN_DIR OUT_DIR}
in_dir=${in_dir%/}
out_dir=${2:?usage: batch.sh IN_DIR OUT_DIR}
failed=0

while IFS= read -r -d '' pdf; do
  out="$out_dir/${pdf#"$in_dir"/}"
  mkdir -p "$(dirname "$out")"
  status=0
  commonforms prepare --quiet --skip-existing "$pdf" "$out" || status=$?
  case $status in
    0) echo "ok       $pdf" ;;
    3) echo "not a PDF or damaged: $pdf" >&2; failed=$((failed + 1)) ;;
    4) echo "needs a password: $pdf" >>"$out_dir/encrypted.txt"; failed=$((failed + 1)) ;;
    *) echo "stopping: commonforms exited with $status on $pdf" >&2; exit "$status" ;;
  esac
done < <(find "$in_dir" -type f -iname '*.pdf' -print0 | sort -z)

echo "$failed file(s) not prepared"
[ "$failed" -eq 0 ]
