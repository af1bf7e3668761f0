#!/usr/bin/env bash
# Re-drives one failed asynchronous invocation from a failure queue (PrepareFailureQueueUrl,
# RegisterFailureQueueUrl or EventsFailureQueueUrl in the stack's outputs): takes one message, invokes the function again with the
# original event (Lambda's destination record keeps it as requestPayload), and deletes the message only once the
# new invocation was accepted. The re-driven invocation is asynchronous too, so if it fails again it comes back.
#   scripts/replay-failed.sh --queue <url> --function <name> [--show]    (--show: print the event, change nothing)
set -euo pipefail
queue="" function="" show=false
while [ $# -gt 0 ]; do
  case "$1" in
    --queue) queue="$2"; shift 2 ;;
    --function) function="$2"; shift 2 ;;
    --show) show=true; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$queue" ] && [ -n "$function" ] || { echo "give --queue and --function (see --help)" >&2; exit 2; }
command -v aws >/dev/null || { echo "the AWS CLI is needed" >&2; exit 2; }

message=$(aws sqs receive-message --queue-url "$queue" --max-number-of-messages 1 --visibility-timeout 300 \
  --attribute-names All --output json)
if [ -z "$message" ] || [ "$(printf '%s' "$message" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("Messages", [])))')" = 0 ]; then
  echo "the queue is empty: nothing to replay"
  exit 0
fi
handle=$(printf '%s' "$message" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Messages"][0]["ReceiptHandle"])')
payload=$(printf '%s' "$message" | python3 -c '
import json, sys
record = json.loads(json.load(sys.stdin)["Messages"][0]["Body"])
context = record.get("requestContext", {})
print("failed:", context.get("condition"), "after", context.get("approximateInvokeCount"), "attempts;",
      json.dumps(record.get("responsePayload"))[:400], file=sys.stderr)
print(json.dumps(record["requestPayload"]))')
if $show; then
  printf '%s\n' "$payload"
  aws sqs change-message-visibility --queue-url "$queue" --receipt-handle "$handle" --visibility-timeout 0
  exit 0
fi
aws lambda invoke --function-name "$function" --invocation-type Event --cli-binary-format raw-in-base64-out \
  --payload "$payload" /dev/null >/dev/null
aws sqs delete-message --queue-url "$queue" --receipt-handle "$handle"
echo "replayed one event to $function and removed it from the queue"
