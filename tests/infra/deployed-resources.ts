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
  Parameters?: Record<string, { Default?: Json; Type?: string; AllowedPattern?: string }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResourceJson>;
}

function evaluateCondition(template: TemplateJson, parameters: Record<string, string>, expression: Json): boolean {
  const object = expression as Record<string, Json[] | string>;
  const [operator] = Object.keys(object);
  const args = object[operator ?? ''];
  switch (operator) {
    case 'Fn::Equals': {
      const [left, right] = (args as Json[]).map((arg) => evaluate(template, parameters, arg));
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
function deployedResources(template: TemplateJson, parameters: Record<string, string>): Record<string, CfnResourceJson> {
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

/** Pseudo parameters as a test deployment would see them. */
const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'EcsNetfixStack',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * A value as CloudFormation would compute it for these parameter values: Ref (parameters, with
 * CommaDelimitedList parameters as lists, and pseudo parameters), Fn::If, Fn::Join, Fn::Split and
 * Fn::Select are evaluated; Ref to a resource and Fn::GetAtt become `<LogicalId>` / `<LogicalId.Attr>`.
 */
function evaluate(template: TemplateJson, parameters: Record<string, string>, value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => evaluate(template, parameters, item));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, Json>;
  const [operator] = Object.keys(record);
  const args = record[operator ?? ''];
  if (Object.keys(record).length !== 1) {
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, evaluate(template, parameters, item)]));
  }
  switch (operator) {
    case 'Ref': {
      const name = String(args);
      // A test may set a pseudo parameter too (`AWS::Region: '*'` renders a policy for every region).
      if (name in PSEUDO_PARAMETERS) return parameters[name] ?? PSEUDO_PARAMETERS[name];
      const declared = (template.Parameters as Record<string, { Default?: Json; Type?: string }> | undefined)?.[name];
      if (declared === undefined) return `<${name}>`;
      const raw = String(parameters[name] ?? declared.Default ?? '');
      return declared.Type === 'CommaDelimitedList' ? raw.split(',') : raw;
    }
    case 'Fn::GetAtt':
      return `<${(args as string[]).join('.')}>`;
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = args as [string, Json, Json];
      const chosen = evaluateCondition(template, parameters, template.Conditions?.[condition]) ? whenTrue : whenFalse;
      return evaluate(template, parameters, chosen);
    }
    case 'Fn::Join': {
      const [delimiter, items] = args as [string, Json];
      const list = evaluate(template, parameters, items) as Json[];
      return list.map(String).join(delimiter);
    }
    case 'Fn::Split': {
      const [delimiter, source] = args as [string, Json];
      return String(evaluate(template, parameters, source)).split(delimiter);
    }
    case 'Fn::Select': {
      const [index, list] = args as [string, Json];
      return (evaluate(template, parameters, list) as Json[])[Number(index)];
    }
    default:
      return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, evaluate(template, parameters, item)]));
  }
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

/** Every Allow statement of the deployment these parameters select, fully evaluated. */
function evaluatedStatements(template: TemplateJson, parameters: Record<string, string>): StatementJson[] {
  return allowStatements(deployedResources(template, parameters)).map(
    (statement) => evaluate(template, parameters, statement) as StatementJson
  );
}

export { actionsOf, allowStatements, deployedResources, evaluate, evaluatedStatements, resolveIfs };
export type { CfnResourceJson, StatementJson, TemplateJson };
