/**
 * A small, pure evaluator for VPC endpoint policies: does the policy let `principal` do `action`
 * on `resource`? Endpoint policies are resource-style policies: Allow/Deny statements with
 * Principal, Action/NotAction and Resource/NotResource, wildcards `*` and `?`. A Deny wins over
 * an Allow; nothing matching is an implicit deny. A statement with a Condition cannot be
 * judged from here (the request context is unknown), so it makes the answer `unknown`, never
 * a denial.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

type PolicyVerdict = 'allowed' | 'denied' | 'unknown';

interface PolicyRequest {
  action: string;
  resource: string;
  /** The calling role's ARN, or null when unknown. */
  principalArn: string | null;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** IAM wildcards: `*` any run of characters, `?` one character; case-insensitive for actions. */
function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

/** `true`/`false`, or null when the principal cannot be judged (a specific principal, caller unknown). */
function principalMatches(statement: Statement, principalArn: string | null): boolean | null {
  if (statement.NotPrincipal !== undefined) return null;
  const principal = statement.Principal;
  if (principal === undefined || principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = asList((principal as { AWS?: unknown }).AWS);
  if (aws.includes('*')) return true;
  if (principalArn === null) return aws.length > 0 ? null : false;
  const account = principalArn.split(':')[4] ?? '';
  return aws.some(
    (entry) =>
      entry === principalArn || entry === account || entry === `arn:${principalArn.split(':')[1] ?? 'aws'}:iam::${account}:root`
  );
}

function actionMatches(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined)
    return !asList(statement.NotAction).some((pattern) => wildcardMatches(pattern, action, true));
  return asList(statement.Action).some((pattern) => wildcardMatches(pattern, action, true));
}

function resourceMatches(statement: Statement, resource: string): boolean {
  if (statement.NotResource !== undefined)
    return !asList(statement.NotResource).some((pattern) => wildcardMatches(pattern, resource, false));
  // An endpoint policy statement without Resource applies to every resource.
  if (statement.Resource === undefined) return true;
  return asList(statement.Resource).some((pattern) => wildcardMatches(pattern, resource, false));
}

function statementsOf(document: string): Statement[] | null {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : parsed.Statement === undefined
        ? []
        : [parsed.Statement];
    return statements.filter((statement): statement is Statement => typeof statement === 'object' && statement !== null);
  } catch {
    return null;
  }
}

/** The verdict for one request; `unknown` also for a document that does not parse. */
function evaluateEndpointPolicy(document: string, request: PolicyRequest): PolicyVerdict {
  const statements = statementsOf(document);
  if (statements === null) return 'unknown';
  let allowed = false;
  let uncertain = false;
  for (const statement of statements) {
    if (!actionMatches(statement, request.action) || !resourceMatches(statement, request.resource)) continue;
    const principal = principalMatches(statement, request.principalArn);
    if (principal === false) continue;
    const conditional = statement.Condition !== undefined || principal === null;
    if (statement.Effect === 'Deny') {
      if (!conditional) return 'denied';
      uncertain = true;
    } else if (statement.Effect === 'Allow') {
      if (conditional) uncertain = true;
      else allowed = true;
    }
  }
  if (uncertain) return 'unknown';
  return allowed ? 'allowed' : 'denied';
}

/** The statement to add so that the endpoint allows the requests (Principal "*", as AWS's examples). */
function allowStatement(sid: string, actions: string[], resources: string[]): string {
  return JSON.stringify({
    Sid: sid,
    Effect: 'Allow',
    Principal: '*',
    Action: [...new Set(actions)],
    Resource: [...new Set(resources)],
  });
}

export { allowStatement, evaluateEndpointPolicy };
