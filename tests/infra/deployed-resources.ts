/**
 * What CloudFormation would create from the parameterised template for given parameter values:
 * evaluates the Conditions section (Fn::Equals / Not / And / Or / Condition over Ref to
 * parameters and defaults), so tests can prove both modes of one template.
 */

type Json = unknown;
interface CfnResourceJson {
  Type: string;
  Condition?: string;
  Properties?: Record<string, Json>;
}
interface TemplateJson {
  Parameters?: Record<string, { Default?: Json }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResourceJson>;
}

function resolveValue(template: TemplateJson, parameters: Record<string, string>, value: Json): Json {
  if (value !== null && typeof value === 'object' && 'Ref' in value) {
    const name = String((value as { Ref: string }).Ref);
    return parameters[name] ?? template.Parameters?.[name]?.Default ?? `<${name}>`;
  }
  return value;
}

function evaluateCondition(template: TemplateJson, parameters: Record<string, string>, expression: Json): boolean {
  const object = expression as Record<string, Json[] | string>;
  const [operator] = Object.keys(object);
  const args = object[operator ?? ''];
  switch (operator) {
    case 'Fn::Equals': {
      const [left, right] = (args as Json[]).map((arg) => resolveValue(template, parameters, arg));
      return String(left) === String(right);
    }
    case 'Fn::Not':
      return !evaluateCondition(template, parameters, (args as Json[])[0]);
    case 'Fn::And':
      return (args as Json[]).every((arg) => evaluateCondition(template, parameters, arg));
    case 'Fn::Or':
      return (args as Json[]).some((arg) => evaluateCondition(template, parameters, arg));
    case 'Condition':
      return evaluateCondition(template, parameters, template.Conditions?.[String(args)]);
    default:
      throw new Error(`condition operator ${String(operator)} is not supported by this test helper`);
  }
}

/** The resources that exist for these parameter values (others take their defaults). */
function deployedResources(
  template: TemplateJson,
  parameters: Record<string, string>
): Record<string, CfnResourceJson> {
  const deployed: Record<string, CfnResourceJson> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const condition = resource.Condition;
    if (condition && !evaluateCondition(template, parameters, template.Conditions?.[condition])) continue;
    deployed[logicalId] = resource;
  }
  return deployed;
}

/**
 * A property value as CloudFormation would set it for these parameter values: every `Fn::If`
 * is replaced by the branch its condition selects (other intrinsics are kept as they are).
 */
function resolveIfs(template: TemplateJson, parameters: Record<string, string>, value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => resolveIfs(template, parameters, item));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, Json>;
  const branches = record['Fn::If'];
  if (Array.isArray(branches) && Object.keys(record).length === 1) {
    const [condition, whenTrue, whenFalse] = branches as [string, Json, Json];
    const chosen = evaluateCondition(template, parameters, template.Conditions?.[condition]) ? whenTrue : whenFalse;
    return resolveIfs(template, parameters, chosen);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolveIfs(template, parameters, item)]));
}

interface StatementJson {
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Record<string, Record<string, Json>>;
  Sid?: string;
}

/** Every Allow statement of every IAM policy (standalone or inline) among the given resources. */
function allowStatements(resources: Record<string, CfnResourceJson>): StatementJson[] {
  const statements: StatementJson[] = [];
  for (const resource of Object.values(resources)) {
    const documents: Json[] = [];
    if (resource.Type === 'AWS::IAM::Policy') documents.push(resource.Properties?.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties?.Policies as { PolicyDocument: Json }[] | undefined) ?? []) {
        documents.push(policy.PolicyDocument);
      }
    }
    for (const document of documents) {
      for (const statement of (document as { Statement: StatementJson[] }).Statement) {
        if (statement.Effect === 'Allow') statements.push(statement);
      }
    }
  }
  return statements;
}

function actionsOf(statement: StatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export { actionsOf, allowStatements, deployedResources, evaluateCondition, resolveIfs };
export type { CfnResourceJson, StatementJson, TemplateJson };
