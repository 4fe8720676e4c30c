# Sourced by the scripts that build: picks the JDK that runs Maven.
# The SDK compiles its native-access code (sdk/src/main/java22, the Foreign Function and Memory API)
# only on a JDK 22 or newer; the rest targets Java 17 whatever the build JDK. When the JDK on PATH
# (or JAVA_HOME) is older than 22, the newest JDK 22+ under /usr/lib/jvm is used instead, if any;
# otherwise the build goes on without the native part and says so.
# JDK 24+ warns about sun.misc.Unsafe in Maven's own plugins (Guice, Spotless): that warning is
# theirs, so MAVEN_OPTS allows it.

jdk_feature() { # JAVA_BIN -> feature version (17, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1
}

current_java=${JAVA_HOME:+$JAVA_HOME/bin/java}
current_java=${current_java:-$(command -v java)}
if [[ $(jdk_feature "$current_java") -lt 22 ]]; then
  best=
  best_feature=0
  for candidate in /usr/lib/jvm/*/; do
    [[ -x "$candidate/bin/javac" ]] || continue
    feature=$(jdk_feature "$candidate/bin/java")
    if [[ -n "$feature" && "$feature" -ge 22 && "$feature" -gt "$best_feature" ]]; then
      best=${candidate%/}
      best_feature=$feature
    fi
  done
  if [[ -n "$best" ]]; then
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
  else
    echo "[build-jdk] no JDK 22+ found: building without the native-access code (masking of inherited descriptors and child subreaping fall back to plain Java)" >&2
  fi
fi
build_java=${JAVA_HOME:+$JAVA_HOME/bin/java}
if [[ $(jdk_feature "${build_java:-$(command -v java)}") -ge 24 ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi
