#!/usr/bin/env bash
# The whole lambdarec pipeline on this machine: an in-process S3 server over a local directory and the same
# function code the Lambdas run. Builds what it needs first. See --help for the flags.
set -euo pipefail
cd "$(dirname "$0")/.."

cp_file=target/local-classpath.txt
if [[ ! -f target/classes/dev/lambdarec/local/LocalPipeline.class || ! -f $cp_file || pom.xml -nt $cp_file \
      || -n "$(find src/main -newer $cp_file -print -quit)" ]]; then
  echo "building (./mvnw compile)..." >&2
  ./mvnw -B -q -DskipTests compile dependency:build-classpath \
    -Dmdep.includeScope=compile -Dmdep.outputFile="$cp_file" >&2
fi

# The JBoss log manager is on the classpath (Quarkus); naming it avoids its start-up complaint.
exec java ${LAMBDAREC_JAVA_OPTS:--Xmx2g} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/classes:$(cat "$cp_file")" dev.lambdarec.local.LocalPipeline "$@"
