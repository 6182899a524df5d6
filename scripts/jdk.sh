# shellcheck shell=bash
# Sourced by ./noops and .ci/run: exports JAVA_HOME as a JDK >= 21.
# Order: JAVA_HOME if it qualifies, else the newest JDK >= 21 under /usr/lib/jvm (or NOOPS_JVM_DIR),
# else the java on PATH if it qualifies; otherwise it fails and says what to install.

noops_java_major() { # $1 = path to a java executable
  # the JDK's release file says it without starting a JVM; older layouts fall back to asking java
  local release line version
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) version=${line#JAVA_VERSION=}; version=${version//\"/}; version=${version#1.}; echo "${version%%[.+-]*}"; return 0 ;;
      esac
    done <"$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

noops_select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(noops_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  for candidate in "${NOOPS_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(noops_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(noops_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then best="$candidate"; fi
  fi
  if [ -z "$best" ]; then
    echo "noops needs a JDK 21 or newer: none found in JAVA_HOME (${JAVA_HOME:-unset}), ${NOOPS_JVM_DIR:-/usr/lib/jvm} or on PATH." >&2
    echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21 from adoptium.net) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
