#!/usr/bin/env bash
# Publishes the cell discovery map (docs/operations.md, "Cells"): for each cell of a multi-cell deployment, reads
# the WebSocketUrl output of its stack Chatline-<stage>-<cell> and writes {"cell":"<cell>","url":"wss://..."} to
# cells/<cell> in the directory stack's discovery bucket, which CloudFront serves as GET /cells/<cell>.
#   scripts/publish-cells.sh STAGE CELLS        e.g. scripts/publish-cells.sh prod a:eu-west-1:111122223333,b:us-east-1:444455556666
# CELLS is the value given to cdk deploy -c cells=... . Credentials: the AWS CLI's current ones, or per account the
# profile named in CHATLINE_PROFILE_<ACCOUNT> (e.g. CHATLINE_PROFILE_444455556666=cell-b). Run it after deploying
# the cells, and again whenever a cell's stack is replaced (its API id, so its URL, changes).
set -euo pipefail
if [ $# -ne 2 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
stage=$1
cells=$2

aws_as() { # ACCOUNT REGION ARGS...: the AWS CLI with that account's profile, if one is named
  local account=$1 region=$2 profile_var="CHATLINE_PROFILE_$1"
  shift 2
  if [ -n "${!profile_var:-}" ]; then
    aws --profile "${!profile_var}" --region "$region" "$@"
  else
    aws --region "$region" "$@"
  fi
}

output() { # ACCOUNT REGION STACK KEY
  aws_as "$1" "$2" cloudformation describe-stacks --stack-name "$3" \
    --query "Stacks[0].Outputs[?OutputKey=='$4'].OutputValue" --output text
}

IFS=, read -r -a entries <<< "$cells"
IFS=: read -r _ home_region home_account <<< "${entries[0]}"
bucket=$(output "$home_account" "$home_region" "Chatline-$stage-directory" DiscoveryBucketName)
for entry in "${entries[@]}"; do
  IFS=: read -r cell region account <<< "$entry"
  url=$(output "$account" "$region" "Chatline-$stage-$cell" WebSocketUrl)
  printf '{"cell":"%s","url":"%s"}' "$cell" "$url" | aws_as "$home_account" "$home_region" s3 cp - \
    "s3://$bucket/cells/$cell" --content-type application/json --cache-control max-age=60
  echo "cells/$cell -> $url"
done
echo "discovery: $(output "$home_account" "$home_region" "Chatline-$stage-directory" DiscoveryUrl)<cell>"
