/**
 * The spoke: one stack per member account and region, delivered by a service-managed StackSet
 * (docs/deploy-hub.md). It forwards the ECS events ecs-netfix handles to the hub's event bus and,
 * in the primary region only (IAM is global), creates the role the hub function assumes.
 *
 * The role holds the single-account permissions (grantAccountPermissions) with the region left
 * open (`*`): one role serves every region of the account the StackSet reaches, and one set of
 * policies stays far below IAM's inline-size limit (tests/infra/spoke.test.ts measures it).
 */
import { Aws, CfnCondition, CfnOutput, CfnParameter, DefaultStackSynthesizer, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { ArnPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SETTINGS } from '../shared/defaults.js';
import { accountSwitches, grantAccountPermissions } from './account-permissions.js';
import { DEFAULT_SPOKE_ROLE_NAME, ORGANIZATION_ID_PATTERN, ROLE_NAME_PATTERN } from './hub.js';
import { confineClusters, confineVpcs } from './allow-lists.js';
import { HANDLED_EVENT_RULES } from './event-pattern.js';
import { acknowledgeAccountPolicyFindings } from './nag-suppressions.js';
import type { PermissionScope } from './permissions.js';
import { accountParameters } from './stack-parameters.js';
import type { AccountParameters } from './stack-parameters.js';
import { applySwitch, bothSwitches } from './switch.js';

const EVENT_BUS_ARN_PATTERN = '^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._-]{1,256}$';
const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$';
const REGION_PATTERN = '^[a-z]{2}(-[a-z]+)+-[0-9]$';

/** The spoke's own parameters (the account's follow), in the template's order. */
function spokeParameters(stack: Stack) {
  return {
    hubEventBusArn: new CfnParameter(stack, 'HubEventBusArn', {
      type: 'String',
      allowedPattern: EVENT_BUS_ARN_PATTERN,
      constraintDescription: "the ARN of the hub stack's event bus (output HubEventBusArn)",
      description: "The hub's event bus (hub stack output HubEventBusArn): matching ECS events are forwarded there.",
    }),
    hubFunctionRoleArn: new CfnParameter(stack, 'HubFunctionRoleArn', {
      type: 'String',
      allowedPattern: ROLE_ARN_PATTERN,
      constraintDescription: "the ARN of the hub function's role (output HubFunctionRoleArn)",
      description: "The hub function's role (hub stack output HubFunctionRoleArn): the only principal the spoke role trusts.",
    }),
    organizationId: new CfnParameter(stack, 'OrganizationId', {
      type: 'String',
      allowedPattern: ORGANIZATION_ID_PATTERN,
      constraintDescription: 'an AWS Organizations id (o-xxxxxxxxxx)',
      description: 'The organization of the hub: the spoke role trusts the hub role only with aws:PrincipalOrgID equal to it.',
    }),
    spokeRoleName: new CfnParameter(stack, SETTINGS.spokeRoleName.parameter, {
      type: 'String',
      default: DEFAULT_SPOKE_ROLE_NAME,
      allowedPattern: ROLE_NAME_PATTERN,
      constraintDescription: 'an IAM role name: 1-64 letters, digits or _+=,.@-, no path',
      description: "Name of the role the hub assumes (the hub's SPOKE_ROLE_NAME).",
    }),
    primaryRegion: new CfnParameter(stack, 'PrimaryRegion', {
      type: 'String',
      allowedPattern: REGION_PATTERN,
      constraintDescription: 'a region name such as eu-west-1',
      description: 'The one region whose stack creates the spoke role (IAM is global: one role per account).',
    }),
  };
}

/** True in the one region whose stack holds the spoke role. */
function isPrimaryRegionCondition(stack: Stack, primaryRegion: string): CfnCondition {
  return new CfnCondition(stack, 'IsPrimaryRegion', {
    expression: Fn.conditionEquals(Aws.REGION, primaryRegion),
  });
}

/**
 * False in the hub's own account and region: the hub's rules on the default bus already see those
 * events there, and a spoke would deliver each of them twice.
 */
function forwardsEventsCondition(stack: Stack, hubEventBusArn: string): CfnCondition {
  const busArnParts = Fn.split(':', hubEventBusArn);
  return new CfnCondition(stack, 'ForwardsEvents', {
    expression: Fn.conditionNot(
      Fn.conditionAnd(
        Fn.conditionEquals(Aws.ACCOUNT_ID, Fn.select(4, busArnParts)),
        Fn.conditionEquals(Aws.REGION, Fn.select(3, busArnParts))
      )
    ),
  });
}

class EcsNetfixSpokeStack extends Stack {
  /** The role the hub assumes; exists only where the region is PrimaryRegion. */
  readonly spokeRole: Role;
  readonly forwardingRole: Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description:
        'ecs-netfix spoke: forwards ECS task and service events to the ecs-netfix hub and (primary region) holds the role the hub assumes',
      // Member accounts are not CDK-bootstrapped: no bootstrap-version rule, no assets.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
      ...props,
    });
    const parameters = spokeParameters(this);
    const account = accountParameters(this);
    const isPrimaryRegion = isPrimaryRegionCondition(this, parameters.primaryRegion.valueAsString);
    const forwardsEvents = forwardsEventsCondition(this, parameters.hubEventBusArn.valueAsString);

    this.spokeRole = this.createSpokeRole(isPrimaryRegion, account, {
      roleName: parameters.spokeRoleName.valueAsString,
      hubFunctionRoleArn: parameters.hubFunctionRoleArn.valueAsString,
      organizationId: parameters.organizationId.valueAsString,
    });
    this.forwardingRole = this.createForwarder(forwardsEvents, parameters.hubEventBusArn.valueAsString);
    this.addSpokeRoleOutput(isPrimaryRegion);

    // CloudFormation's own validation reads the empty list defaults into Fn::If branches their
    // condition rules out (as on the hub stack).
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W1030',
      reason: 'Empty parameter defaults reach only Fn::If branches whose condition requires the parameter to be non-empty.',
    });
  }

  /** The spoke role's ARN, only where the role exists. */
  private addSpokeRoleOutput(isPrimaryRegion: CfnCondition): void {
    const spokeRoleOutput = new CfnOutput(this, 'SpokeRoleArn', {
      value: this.spokeRole.roleArn,
      description: 'The role the hub assumes in this account',
    });
    spokeRoleOutput.condition = isPrimaryRegion;
  }

  /**
   * The role the hub function assumes: trusted by that one role ARN, and only while its account
   * is in the organization (aws:PrincipalOrgID). Its policies are the single-account set.
   */
  private createSpokeRole(
    isPrimaryRegion: CfnCondition,
    account: AccountParameters,
    trust: { roleName: string; hubFunctionRoleArn: string; organizationId: string }
  ): Role {
    const holder = new Construct(this, 'Spoke');
    const role = new Role(holder, 'Role', {
      roleName: trust.roleName,
      description: 'ecs-netfix hub: read the network path of failed ECS tasks and (live mode) create endpoints in this account',
      assumedBy: new ArnPrincipal(trust.hubFunctionRoleArn).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': trust.organizationId },
      }),
    });
    // Region `*`: the role serves the hub in every region of this account.
    const environment = { partition: Aws.PARTITION, region: '*', account: Aws.ACCOUNT_ID };
    const permissionScope: PermissionScope = {
      ...environment,
      vpcs: confineVpcs(holder, environment, account.allowedVpcIds),
      clusters: confineClusters(holder, environment, account.allowedClusters),
    };
    const modes = accountSwitches(holder, account.modes);
    const inPrimaryRegion = {
      liveMode: bothSwitches(holder, 'LiveModeInPrimaryRegion', isPrimaryRegion, modes.liveMode),
      redeployLive: bothSwitches(holder, 'RedeployInPrimaryRegion', isPrimaryRegion, modes.redeployLive),
      userEndpointsLive: bothSwitches(holder, 'UserEndpointChangesInPrimaryRegion', isPrimaryRegion, modes.userEndpointsLive),
    };
    const policies = grantAccountPermissions(holder, role, permissionScope, inPrimaryRegion);
    applySwitch(role, isPrimaryRegion);
    applySwitch(policies.read, isPrimaryRegion);
    acknowledgeAccountPolicyFindings(holder, policies, permissionScope);
    return role;
  }

  /** One rule per hub pattern on the default bus, each putting the event on the hub's bus. */
  private createForwarder(forwardsEvents: CfnCondition, hubEventBusArn: string): Role {
    const holder = new Construct(this, 'Forwarder');
    const hubBus = EventBus.fromEventBusArn(holder, 'HubBus', hubEventBusArn);
    // EventBridge needs a role for a bus in another account or region; this one can only put
    // events on the hub's bus.
    const role = new Role(holder, 'Role', {
      description: 'EventBridge forwards ecs-netfix ECS events to the hub event bus',
      assumedBy: new ServicePrincipal('events.amazonaws.com'),
    });
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [hubEventBusArn] }));
    for (const { name, description, pattern } of HANDLED_EVENT_RULES) {
      new Rule(holder, `Forward${name}`, { description, eventPattern: pattern, targets: [new EventBusTarget(hubBus, { role })] });
    }
    applySwitch(holder, forwardsEvents);
    Validations.of(holder).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        "EventBridge retries delivery to the hub's bus for 24 hours (its default retry policy); a dead-letter queue in every member account and region would be read by nobody. Failures on the hub side reach the hub's failure queue and alarms.",
    });
    return role;
  }
}

export { EcsNetfixSpokeStack };
