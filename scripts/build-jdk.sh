# Sourced by the scripts that build: picks the JDK that runs Maven, and so the tests.
# The code targets Java 17 (--release 17) whatever the build JDK; the tests run on the build JDK
# and, where they start JVMs of their own, on a JDK 17 too (MaskingIT, SupervisionIT). The build
# JDK should be a new one, as the default image's (Temurin 25) is: the JVM's native-access rules
# for the SDK's JNI library (JDK 24+; where the library cannot load, the runtime masks the Java
# streams in plain Java) and the AOT cache are tested there. When the JDK on PATH (or JAVA_HOME)
# is older than 24, the newest JDK 24+ under /usr/lib/jvm is used instead, if any; otherwise the
# build goes on with it and says that the newer JDKs' behaviour is not tested.
# JDK 24+ warns about sun.misc.Unsafe in Maven's own plugins (Guice, Spotless): that warning is
# theirs, so MAVEN_OPTS allows it.

jdk_feature() { # JAVA_BIN -> feature version (17, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1
}

current_java=${JAVA_HOME:+$JAVA_HOME/bin/java}
current_java=${current_java:-$(command -v java)}
if [[ $(jdk_feature "$current_java") -lt 24 ]]; then
  best=
  best_feature=0
  for candidate in /usr/lib/jvm/*/; do
    [[ -x "$candidate/bin/javac" ]] || continue
    feature=$(jdk_feature "$candidate/bin/java")
    if [[ -n "$feature" && "$feature" -ge 24 && "$feature" -gt "$best_feature" ]]; then
      best=${candidate%/}
      best_feature=$feature
    fi
  done
  if [[ -n "$best" ]]; then
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
  else
    echo "[build-jdk] no JDK 24+ found: building and testing on $("$current_java" -version 2>&1 | head -1) only" >&2
  fi
fi
build_java=${JAVA_HOME:+$JAVA_HOME/bin/java}
if [[ $(jdk_feature "${build_java:-$(command -v java)}") -ge 24 ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi
