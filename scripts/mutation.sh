#!/usr/bin/env bash
# Mutation testing of the ML-critical code with Stryker.NET (the local tool in .config/dotnet-tools.json).
# Targets (configs in scripts/mutation/): domain (libs/Domain against Domain.Tests), training (TrainingSetBuilder against
# ModelTraining.Tests), pipeline (PageViewProcessor and OfflineFeatureService against Pipeline.Tests). Not run by CI:
# about 40 minutes for all three on 2 shared cores (docs/model.md, "Mutation testing"). Reports go to
# out/mutation/<target>/reports (ignored).
# Usage: scripts/mutation.sh [domain|training|pipeline ...]   (all three by default)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null

declare -A project=([domain]=libs/Domain [training]=libs/ModelTraining [pipeline]=libs/Pipeline)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(domain training pipeline)

for target in "${targets[@]}"; do
  [ -n "${project[$target]:-}" ] || { echo "unknown target '$target' (domain, training, pipeline)" >&2; exit 2; }
  echo "== $target"
  started=$SECONDS
  # Stryker runs from the project it mutates; the config names the test projects relative to it.
  (cd "${project[$target]}" && dotnet stryker --config-file "$root/scripts/mutation/$target.json" \
      --output "$root/out/mutation/$target" --skip-version-check)
  echo "== $target took $((SECONDS - started)) s; report: out/mutation/$target/reports/mutation-report.html"
done
