#!/usr/bin/env bash
# Builds the training image (infra/trainer/Dockerfile) and pushes it to ECR.
#   scripts/build-trainer-image.sh <account>.dkr.ecr.<region>.amazonaws.com/lambdarec-trainer:<tag>
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:?usage: scripts/build-trainer-image.sh <ecr-repository-uri>:<tag>}
command -v docker >/dev/null || { echo "build-trainer-image: docker is not installed" >&2; exit 1; }

# the project's classes and every library the trainer needs (compile + provided scope: Tribuo, DJL)
./mvnw -B -q -DskipTests compile dependency:copy-dependencies -DincludeScope=compile -DoutputDirectory=target/trainer-lib
docker build -f infra/trainer/Dockerfile -t "$image" .

registry=${image%%/*}
region=$(echo "$registry" | cut -d. -f4)
repository=${image#*/}; repository=${repository%%:*}
aws ecr describe-repositories --region "$region" --repository-names "$repository" >/dev/null 2>&1 \
  || aws ecr create-repository --region "$region" --repository-name "$repository" >/dev/null
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"
docker push "$image"
echo "pushed $image"
