#!/usr/bin/env bash
# Fills each fuzz target's corpus folder (fuzz/corpus/TARGET/, not committed) with the
# repository's own inputs: the real-world configs in tests/fixtures/corpus/, the golden
# imports in tests/golden/, the malformed inputs in tests/malformed/, the folder HOSTCAST_EXTRA_CORPUS names when set, the scenarios and the
# price books. Re-running it adds nothing twice (files are named by content hash).
set -euo pipefail
cd "$(dirname "$0")"
root=..
seed() { # seed TARGET FIND-ARGS...
  local target=$1; shift
  mkdir -p "corpus/$target"
  for dir in "$root/tests/fixtures/corpus" "$root/tests/golden" "$root/tests/fixtures/fuzz" "$root/tests/malformed" ${HOSTCAST_EXTRA_CORPUS:+"$HOSTCAST_EXTRA_CORPUS"}; do
    [ -d "$dir" ] || continue
    find "$dir" -type f "$@" -size -256k -print0 |
      while IFS= read -r -d '' f; do cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16)"; done
  done
}
seed fly -path '*fly*' -name '*.toml'
seed render -path '*render*' \( -name '*.yaml' -o -name '*.yml' \)
seed compose \( -path '*compose*' -o -path '*stack*' \) \( -name '*.yaml' -o -name '*.yml' \)
seed vercel -path '*vercel*' -name '*.json'
seed scenario -name '*.toml' ! -path '*fly*'
seed pricebook -path '*pricebook*'
seed focus -path '*actuals*' \( -name '*.csv' -o -name '*.jsonl' \)
mkdir -p corpus/usage
for f in "$root"/scenarios/*.toml "$root"/tests/golden/import/*.scenario.toml; do
  [ -f "$f" ] && cp "$f" "corpus/scenario/$(sha1sum "$f" | cut -c1-16)"
done
for f in "$root"/pricing/*.toml "$root"/pricing/archive/*.toml "$root"/tests/malformed/book/*.toml; do
  [ -f "$f" ] && cp "$f" "corpus/pricebook/$(sha1sum "$f" | cut -c1-16)"
done
for f in "$root"/tests/fixtures/usage/*.toml; do
  [ -f "$f" ] && cp "$f" "corpus/usage/$(sha1sum "$f" | cut -c1-16)"
done
mkdir -p corpus/overlay corpus/saved corpus/focus
for f in "$root"/tests/malformed/overlay/*.toml "$root"/tests/fixtures/overlays/*.toml; do
  [ -f "$f" ] && cp "$f" "corpus/overlay/$(sha1sum "$f" | cut -c1-16)"
done
for f in "$root"/reports/*/costs.json "$root"/tests/golden/report/costs.json "$root"/tests/malformed/saved/*.json; do
  [ -f "$f" ] && cp "$f" "corpus/saved/$(sha1sum "$f" | cut -c1-16)"
done
for f in "$root"/tests/fixtures/actuals/*.csv "$root"/tests/fixtures/actuals/*.jsonl; do
  [ -f "$f" ] && cp "$f" "corpus/focus/$(sha1sum "$f" | cut -c1-16)"
done
for t in fly render compose vercel scenario pricebook usage overlay saved focus; do
  echo "$t: $(find "corpus/$t" -type f | wc -l) seeds"
done
