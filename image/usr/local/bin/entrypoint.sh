#!/bin/sh
# The command the Massdriver orchestrator runs in a provisioner container (the name is part of the
# platform contract). exec replaces the shell with the JVM: it becomes PID 1 and gets SIGTERM.
# Jib writes the class path and the main class into the two files under /app.
# Flags for a short-lived process: quick C1-only JIT, the serial GC, a class-data archive, no
# perf-data file, and JVM warnings on stderr so that stdout stays the provisioner's.
# The archive: /app/cds/app.aot (JDK 25+ AOT cache) or /app/cds/app.jsa (AppCDS), which
# scripts/image-cds.sh adds to the image from a training run of this JVM on this class path; else
# the JRE's own archive. PROVISIONER_CDS=false skips the image's archive. A stale or broken archive
# is ignored (at most a warning on stderr); the run goes on without it.
# --enable-native-access: the SDK calls a few POSIX functions (masking of inherited descriptors,
# reaping orphans) through its JNI library, which JDK 24+ allows without a warning only with it;
# JDK 17 accepts it too. The library is a file of the image under /app/native (the Maven settings
# put it there), loaded in place: nothing is written at start-up (a read-only root file system).
# JAVA_OPTS (split on spaces, never globbed) comes last, so it can override any of these.
set -f
share=-Xshare:auto
if [ -n "${PROVISIONER_CDS_TRAINING:-}" ]; then
  share=$PROVISIONER_CDS_TRAINING
elif [ "${PROVISIONER_CDS:-true}" != false ]; then
  if [ -f /app/cds/app.aot ]; then
    share=-XX:AOTCache=/app/cds/app.aot
  elif [ -f /app/cds/app.jsa ]; then
    share="-Xshare:auto -XX:SharedArchiveFile=/app/cds/app.jsa"
  fi
fi
# shellcheck disable=SC2086
exec java \
  -XX:TieredStopAtLevel=1 \
  -XX:+UseSerialGC \
  $share \
  -XX:-UsePerfData \
  -Xlog:disable -Xlog:all=warning:stderr \
  --enable-native-access=ALL-UNNAMED \
  -Dprovisionersdk.native.directory=/app/native \
  ${JAVA_OPTS:-} \
  -cp @/app/jib-classpath-file \
  @/app/jib-main-class-file \
  "$@"
