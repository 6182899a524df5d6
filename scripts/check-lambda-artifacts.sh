#!/usr/bin/env bash
# Runs the Makefile targets `sam build` uses for each function and checks that each artifact is
# what Lambda's Java runtime expects: the handler class at its package path, dependencies beside it,
# and neither Netty nor the Apache HTTP client.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
while read -r function handler; do
  dir="$out/$function"
  make --no-print-directory "build-$function" ARTIFACTS_DIR="$dir" MVNW="./mvnw -B -q -o"
  class="$dir/${handler//.//}.class"
  if [ ! -f "$class" ]; then echo "FAIL $function: no ${handler}.class in the artifact" >&2; status=1; continue; fi
  if find "$dir" -path '*io/netty/*' -o -path '*org/apache/http/*' | grep -q .; then
    echo "FAIL $function: the artifact holds Netty or the Apache HTTP client" >&2; status=1; continue
  fi
  size=$(cd "$dir" && zip_size=$(du -sk . | cut -f1); echo "${zip_size} KiB unpacked")
  echo "ok   $function: $handler ($size)"
done <<'LIST'
ShipperFunction dev.noops.logs.ShipperHandler
SubscriberFunction dev.noops.subscribe.SubscribeHandler
ConfigFunction dev.noops.configapi.ConfigApiHandler
LIST
exit $status
