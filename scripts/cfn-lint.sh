#!/usr/bin/env bash
# Lints the CloudFormation templates that the infra-cdk tests synthesize into infra-cdk/target/cdk.out/
# (run `./mvnw -pl infra-cdk -am verify` first): each variant's root template (<stack>-<variant>.template.json) and
# its nested stacks' templates (<stack>-<variant>.<NestedStackId>.template.json); the two-cell variant ("cells")
# writes each cell's stage that way and the directory stack as Chatline-<stage>-directory-cells.template.json. Exits
# non-zero when cfn-lint reports an error or a warning that is not ignored below, when there is no template to lint,
# or when a root template's nested stacks do not all have their template next to it (they would go unlinted).
#
# Ignored rules, and why:
#   W3005  "dependency already enforced by a GetAtt": the CDK adds an explicit DependsOn from every Lambda
#          function to its role *and* the role's default policy, so the function is only created once its
#          permissions exist; the policy dependency is the one that matters, and the role dependency is the
#          redundant half of the same pattern. Harmless, generated, and not under our control.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint is not installed (pip install cfn-lint)" >&2
  exit 1
fi
shopt -s nullglob
templates=(infra-cdk/target/cdk.out/*.template.json)
if [ ${#templates[@]} -eq 0 ]; then
  echo "no templates in infra-cdk/target/cdk.out/: run ./mvnw -pl infra-cdk -am verify first" >&2
  exit 1
fi

for template in "${templates[@]}"; do
  stem=${template%.template.json}
  [[ $(basename "$stem") == *.* ]] && continue # a nested stack's template
  nested_stacks=$(grep -cE '"Type" ?: "AWS::CloudFormation::Stack"' "$template" || true)
  nested_templates=("$stem".*.template.json)
  if [ "$nested_stacks" -ne ${#nested_templates[@]} ]; then
    echo "$template has $nested_stacks nested stack(s) but ${#nested_templates[@]} nested template(s) next to it" >&2
    exit 1
  fi
done

echo "cfn-lint $(cfn-lint --version | awk '{print $2}') on ${#templates[@]} template(s): ${templates[*]}"
set +e
cfn-lint --ignore-checks W3005 -- "${templates[@]}"
rc=$?
set -e
# cfn-lint's exit code is a bit mask: 2 = error, 4 = warning, 8 = informational.
if (( rc & 2 )) || (( rc & 4 )) || (( rc & 1 )); then
  echo "cfn-lint found problems (exit code $rc)" >&2
  exit 1
fi
echo "cfn-lint: no errors, no warnings"
