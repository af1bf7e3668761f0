#!/usr/bin/env bash
# Builds the training image (infra/trainer/Dockerfile) and pushes it to ECR.
#   scripts/build-trainer-image.sh <account>.dkr.ecr.<region>.amazonaws.com/lambdarec-trainer:<tag> [CUDA_NATIVES]
# CUDA_NATIVES: DJL's GPU build of the pinned PyTorch, e.g. ai.djl.pytorch:pytorch-native-cuXXX:2.7.1:jar:linux-x86_64
# (take the CUDA flavour DJL publishes for PyTorch 2.7.1 and match the Dockerfile's CUDA base to it); without it
# the image keeps the CPU natives, so the neural models still run there, on the instance's CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:?usage: scripts/build-trainer-image.sh <ecr-repository-uri>:<tag> [CUDA_NATIVES]}
natives=${2:-}
command -v docker >/dev/null || { echo "build-trainer-image: docker is not installed" >&2; exit 1; }

# the project's classes and every library the trainer needs (compile + provided scope: Tribuo, DJL)
rm -rf target/trainer-lib
./mvnw -B -q -DskipTests compile dependency:copy-dependencies -DincludeScope=compile -DoutputDirectory=target/trainer-lib
if [[ -n $natives ]]; then
  rm -f target/trainer-lib/pytorch-native-cpu-*.jar # CPU natives never ship beside GPU ones
  ./mvnw -B -q dependency:copy -Dartifact="$natives" -DoutputDirectory=target/trainer-lib
fi
docker build -f infra/trainer/Dockerfile -t "$image" .

registry=${image%%/*}
region=$(echo "$registry" | cut -d. -f4)
repository=${image#*/}; repository=${repository%%:*}
aws ecr describe-repositories --region "$region" --repository-names "$repository" >/dev/null 2>&1 \
  || aws ecr create-repository --region "$region" --repository-name "$repository" >/dev/null
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"
docker push "$image"
echo "pushed $image"
