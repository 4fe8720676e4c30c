#!/bin/sh
# The command the Massdriver orchestrator runs in a provisioner container (the name is part of the
# platform contract). exec replaces the shell with the JVM: it becomes PID 1 and gets SIGTERM.
# Jib writes the class path and the main class into the two files under /app.
# Flags for a short-lived process: quick C1-only JIT, the serial GC, the JRE's class-data archive
# if present, no perf-data file, and JVM warnings on stderr so that stdout stays the provisioner's.
# JAVA_OPTS (split on spaces, never globbed) comes last, so it can override any of these.
set -f
# shellcheck disable=SC2086
exec java \
  -XX:TieredStopAtLevel=1 \
  -XX:+UseSerialGC \
  -Xshare:auto \
  -XX:-UsePerfData \
  -Xlog:disable -Xlog:all=warning:stderr \
  ${JAVA_OPTS:-} \
  -cp @/app/jib-classpath-file \
  @/app/jib-main-class-file \
  "$@"
