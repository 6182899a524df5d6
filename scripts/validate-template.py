#!/usr/bin/env python3
"""Gates template.yaml with AWS's own validators before any test runs.

1. cfn-lint: zero errors and zero warnings (ignores only in the template's Metadata: cfn-lint, with a reason).
2. The SAM transform (aws-sam-translator, what CloudFormation runs for Transform: AWS::Serverless-2016-10-31),
   with every CodeUri rewritten to an s3:// URI as `sam package` would, once per supported parameter
   combination (MODES below). Any transform error fails the run.

With --out DIR, each transformed template is written to DIR/<mode>.json beside DIR/<mode>.parameters.json
(the parameter values), for the Java contract test (template-tests) to evaluate.
Exit status: 0 clean, 1 a validator complained, 2 a tool is missing.
"""
import argparse
import logging
import copy
import json
import os
import subprocess
import sys

ENDPOINT = "https://search-logs-abc.eu-west-1.es.amazonaws.com"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:noops/es-AbCdEf"
DOMAIN = "arn:aws:es:eu-west-1:123456789012:domain/logs"
COLLECTION = "arn:aws:aoss:eu-west-1:123456789012:collection/abc123"

# Every combination the template supports: each auth with each metrics mode, the optional ARNs
# empty and given, the shipper in and out of a VPC, with and without reserved concurrency, the
# failure-queue drain and tag routes on (off in every other mode).
MODES = {"defaults": {"ElasticsearchEndpoint": ENDPOINT}}
for auth, extra in [("none", {}), ("basic", {"ElasticsearchSecretArn": SECRET}),
                    ("api-key", {"ElasticsearchSecretArn": SECRET}), ("aws-sigv4-es", {}),
                    ("aws-sigv4-es-domain", {"ElasticsearchDomainArn": DOMAIN}), ("aws-sigv4-aoss", {}),
                    ("aws-sigv4-aoss-collection", {"ElasticsearchDomainArn": COLLECTION})]:
    for metrics in ("api", "emf"):
        MODES[f"{auth}-{metrics}"] = dict(ElasticsearchEndpoint=ENDPOINT,
                                          ElasticsearchAuth=auth.replace("-domain", "").replace("-collection", ""),
                                          MetricsMode=metrics, **extra)
MODES["vpc-concurrency-alerts"] = dict(ElasticsearchEndpoint=ENDPOINT, ShipperSubnetIds="subnet-0a1b2c3d,subnet-4e5f6a7b",
                                       ShipperSecurityGroupIds="sg-0123456789abcdef0", ShipperReservedConcurrency="20",
                                       AlertEmail="ops@example.com", AlertHttpsEndpoint="https://events.example.com/x",
                                       RetentionDays="30", UnsubscribeOnDelete="true")
MODES["drain-tag-routes"] = dict(ElasticsearchEndpoint=ENDPOINT, DrainFailureQueue="true",
                                 IndexTagRoutes="team=payments=logs-payments", IndexRoutes="/aws/lambda/batch-*=logs-batch")


def need(module, package):
    try:
        __import__(module)
        return True
    except ImportError:
        pass
    if subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], capture_output=True, check=False).returncode == 0:
        return True
    print(f"validate-template: {package} is missing and pip cannot install it; install it with 'pip install {package}'",
          file=sys.stderr)
    return False


def lint(template):
    result = subprocess.run([sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())",
                             "--format", "parseable", template], capture_output=True, text=True)
    findings = [line for line in result.stdout.splitlines() if line.strip()]
    for line in findings:
        print("cfn-lint: " + line)
    if result.returncode != 0 and not findings:
        print("cfn-lint failed: " + result.stderr.strip(), file=sys.stderr)
        return False
    print(f"cfn-lint {template}: {len(findings)} errors or warnings")
    return not findings


class NoManagedPolicyNames:
    """The template names managed policies by ARN only, so the transform never needs IAM's list."""

    def load(self):
        return {}


def transform(template_path, out_dir):
    # the translator resolves AWS::Region (ARN partitions, regional endpoints); CloudFormation knows it
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    logging.disable(logging.WARNING)  # the translator's feature-toggle and metrics chatter, not findings
    from samtranslator.translator.transform import transform as sam_transform
    from samtranslator.yaml_helper import yaml_parse

    with open(template_path, encoding="utf-8") as f:
        source = yaml_parse(f.read())
    for name, resource in source["Resources"].items():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://noops-artifacts/{name}.zip"
    ok = True
    for mode, parameters in MODES.items():
        try:
            output = sam_transform(copy.deepcopy(source), dict(parameters), NoManagedPolicyNames())
        except Exception as e:  # the translator reports every problem as an exception
            print(f"transform {mode}: FAILED {type(e).__name__}: {e}")
            ok = False
            continue
        if "Transform" in output or any(r["Type"].startswith("AWS::Serverless::") for r in output["Resources"].values()):
            print(f"transform {mode}: FAILED, SAM resources left untransformed")
            ok = False
            continue
        print(f"transform {mode}: ok, {len(output['Resources'])} resources")
        if out_dir:
            with open(os.path.join(out_dir, f"{mode}.json"), "w", encoding="utf-8") as f:
                json.dump(output, f, indent=1, sort_keys=True)
            with open(os.path.join(out_dir, f"{mode}.parameters.json"), "w", encoding="utf-8") as f:
                json.dump(parameters, f, indent=1, sort_keys=True)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "template.yaml"))
    parser.add_argument("--out", help="write each transformed template here")
    parser.add_argument("--no-lint", action="store_true", help="only transform (the contract test's use)")
    args = parser.parse_args()
    template = os.path.normpath(args.template)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    if not need("samtranslator", "aws-sam-translator") or (not args.no_lint and not need("cfnlint", "cfn-lint")):
        return 2
    linted = True if args.no_lint else lint(template)
    transformed = transform(template, args.out)
    return 0 if linted and transformed else 1


if __name__ == "__main__":
    sys.exit(main())
