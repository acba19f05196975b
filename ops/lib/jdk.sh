# shellcheck shell=bash
# Sourced, never run: the one place that decides which JDK the platform's scripts use
# (rag, ops/local/infra, bench/*.sh, libs/llm-runtime/bench/bench-1b.sh; .ci/run through rag).
#
#   jdk_find || die "$JDK_MISSING"
#
# jdk_find sets and exports JAVA_HOME, and sets JAVA (its java), to the first JDK 25 or newer of:
# $JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, any /usr/lib/jvm/temurin-25*. It returns 1 when
# there is none; JDK_MISSING then says so and what to do.

JDK_MISSING="a JDK 25 is required (found none at \$JAVA_HOME or /usr/lib/jvm/temurin-25*). Install Temurin 25 and set JAVA_HOME."

jdk_find() {
  local home major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25*; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    # The running JVM's own answer, so a JAVA_HOME pointing at an older JDK is skipped.
    major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')
    if [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      JAVA="$home/bin/java"
      return 0
    fi
  done
  return 1
}
