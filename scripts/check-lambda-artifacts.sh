#!/usr/bin/env bash
# Runs the Makefile targets `sam build` uses for each function and checks that each artifact is
# what Lambda's Java runtime expects: the handler class at its package path with its dependencies
# beside it, no Netty or Apache HTTP client, and nothing of noops local (module config-local, package
# dev.noops.configlocal: the function modules do not depend on it, so this guards the dependency graph).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
while read -r function handler; do
  dir="$out/$function"
  make --no-print-directory "build-$function" ARTIFACTS_DIR="$dir" MVNW="./mvnw -B -q -o"
  if [ ! -f "$dir/${handler//.//}.class" ]; then
    echo "FAIL $function: no ${handler}.class in the artifact" >&2; status=1; continue
  fi
  if [ -n "$(find "$dir" \( -path '*/io/netty/*' -o -path '*/org/apache/http/*' -o -path '*/org/apache/hc/*' -o -path '*/dev/noops/configlocal/*' \) -print -quit)" ]; then
    echo "FAIL $function: the artifact holds Netty, an Apache HTTP client or noops local's classes" >&2; status=1; continue
  fi
  echo "ok   $function: $handler, $(du -sk "$dir" | cut -f1) KiB unpacked, $(find "$dir" -name '*.class' | wc -l) classes"
done <<'LIST'
ShipperFunction dev.noops.logs.ShipperHandler
SubscriberFunction dev.noops.subscribe.SubscribeHandler
ConfigFunction dev.noops.configapi.ConfigApiHandler
LIST
exit $status
