#!/usr/bin/env python3
"""Adapts a transformed template (scripts/validate-template.py --out) to what moto_server's CloudFormation
can create, to try a deploy into an emulator. What it changes is exactly what moto lacks (moto 5.x):
AWS::Lambda::Alias (not supported: alias refs become the function's ARN), custom resources (would
invoke the Lambda in Docker), Fn::If -> AWS::NoValue inside lists (moto keeps a None), and the
RestApi's OpenAPI Body (moto does not import it: the deployment fails "doesn't contain any methods").
moto also ignores, without error: alarms, EventInvokeConfig, SQS queue policies, SnapStart,
LoggingConfig and ReservedConcurrentExecutions.
Usage: moto-adapt.py transformed.json out.json '{"ElasticsearchEndpoint": "https://..."}'
"""
import json
import sys

t = json.load(open(sys.argv[1]))
R = t['Resources']
aliases = {k: v['Properties']['FunctionName']['Ref'] for k, v in R.items() if v['Type'] == 'AWS::Lambda::Alias'}
dropped = list(aliases) + [k for k, v in R.items() if v['Type'].startswith('Custom::')]
for k in dropped: R.pop(k)
s = json.dumps(t)
for a, f in aliases.items():
    s = s.replace('{"Ref": "%s"}' % a, '{"Fn::GetAtt": ["%s", "Arn"]}' % f).replace('${%s}' % a, '${%s.Arn}' % f)
print(json.dumps({"dropped": dropped}), file=sys.stderr)
t = json.loads(s); t.pop('Rules', None)
json.dump(t, open(sys.argv[2], 'w'))

# moto leaves Fn::If -> AWS::NoValue as None inside lists (IAM Role Policies): resolve the
# conditions for the given parameter values here, as CloudFormation would.
params = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
for name, p in t.get('Parameters', {}).items():
    params.setdefault(name, p.get('Default'))
cond = {}
def truth(n):
    (k, a), = n.items()
    if k == 'Fn::Equals': return val(a[0]) == val(a[1])
    if k == 'Fn::Not': return not truth(a[0])
    if k == 'Fn::And': return all(truth(x) for x in a)
    if k == 'Fn::Or': return any(truth(x) for x in a)
    if k == 'Condition': return c(a)
    raise ValueError(k)
def val(n): return params[n['Ref']] if isinstance(n, dict) else n
def c(name):
    if name not in cond: cond[name] = truth(t['Conditions'][name])
    return cond[name]
NOVALUE = object()
def res(n):
    if isinstance(n, dict):
        if list(n) == ['Fn::If']: return res(n['Fn::If'][1] if c(n['Fn::If'][0]) else n['Fn::If'][2])
        if n == {'Ref': 'AWS::NoValue'}: return NOVALUE
        return {k: v for k, v in ((k, res(v)) for k, v in n.items()) if v is not NOVALUE}
    if isinstance(n, list): return [v for v in map(res, n) if v is not NOVALUE]
    return n
t['Resources'] = {k: res(v) for k, v in t['Resources'].items() if 'Condition' not in v or c(v['Condition'])}
for v in t['Resources'].values(): v.pop('Condition', None)
t.pop('Conditions', None)
json.dump(t, open(sys.argv[2], 'w'))

# moto's CloudFormation does not import a RestApi's OpenAPI Body, so the deployment fails with
# "The REST API doesn't contain any methods": leave the API's deployment, stage and key out.
api = [k for k, v in t['Resources'].items() if v['Type'] in ('AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage',
       'AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::UsagePlanKey')]
for k in api: t['Resources'].pop(k)
t['Outputs'] = {k: v for k, v in t.get('Outputs', {}).items() if 'ConfigApiApiKey' not in json.dumps(v)}
print(json.dumps({"dropped for moto": api}), file=sys.stderr)
json.dump(t, open(sys.argv[2], 'w'))
