# shellcheck shell=bash
# Sourced by ./ladder, bin/test and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: JAVA_HOME when it is 21+, else the newest JDK under /usr/lib/jvm (Debian's usual location), else `java` on PATH.

ladder_java_major() {
  # Prints the feature version of the java binary $1 (17, 21, 25, ...), or nothing. Reads the JDK's `release` file
  # (JAVA_VERSION="21.0.5") when there is one: starting a JVM per candidate costs ~0.1 s, on every ./ladder command.
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ] && grep -q '^JAVA_VERSION="[0-9]' "$release"; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n 1
    return 0
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

ladder_find_jdk() {
  local need=21 best="" best_major=0 candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(ladder_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge "$need" ]; then
      ladder_quiet_maven
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(ladder_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge "$need" ] && [ "${major:-0}" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(ladder_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge "$need" ]; then
      best=$candidate
    fi
  fi
  if [ -z "$best" ]; then
    echo "ladder: needs a JDK $need or newer (javac included). Set JAVA_HOME to one, or install one under /usr/lib/jvm (for example Debian's openjdk-21-jdk or a Temurin JDK)." >&2
    return 1
  fi
  export JAVA_HOME=$best
  ladder_quiet_maven
}

ladder_quiet_maven() {
  # Maven's bundled Guice uses sun.misc.Unsafe; JDK 24+ warns about it on every build unless told it is allowed.
  local major
  major=$(ladder_java_major "$JAVA_HOME/bin/java")
  if [ "${major:-0}" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
