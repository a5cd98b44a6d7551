#!/bin/sh
# [#5] DropGuard snapshot + restore of a PostgreSQL table next to pg_dump -t + psql, in one run.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, database test), pg_dump and psql on the PATH.
# Usage: bench/scripts/snapshot-vs-pgdump.sh [rows=1000000] [rounds=3]   (run from the repository root)
set -e
mvn -B -q -pl core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "core/target/test-classes:core/target/classes:$(cat core/target/bench.classpath)" \
  io.dropguard.core.snapshot.SnapshotBench "$@"
