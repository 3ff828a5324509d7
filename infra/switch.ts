/**
 * A feature switch known at synth time (a boolean) or only at deploy time (a CfnCondition that is
 * true when the feature is on). The construct takes either, so it can be used with concrete values
 * while the ready stack drives it from CloudFormation parameters.
 */
import { CfnCondition, CfnResource, Fn } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Construct } from 'constructs';

type Switch = boolean | CfnCondition;

/** False only when the switch is known to be off at synth time: then nothing is created. */
function isPossiblyOn(feature: Switch): boolean {
  return feature !== false;
}

/** The opposite switch; a deploy-time switch gets a `Fn::Not` condition in `scope`. */
function invertSwitch(scope: Construct, id: string, feature: Switch): Switch {
  if (typeof feature === 'boolean') return !feature;
  return new CfnCondition(scope, id, { expression: Fn.conditionNot(feature) });
}

/**
 * On only when both switches are on (redeploy needs live mode). Known values fold at synth time;
 * otherwise a `Fn::And` condition is created in `scope`.
 */
function bothSwitches(scope: Construct, id: string, first: Switch, second: Switch): Switch {
  if (first === false || second === false) return false;
  if (first === true) return second;
  if (second === true) return first;
  return new CfnCondition(scope, id, { expression: Fn.conditionAnd(first, second) });
}

/** One of two strings, chosen by the switch now or by CloudFormation at deploy time. */
function switchValue(feature: Switch, whenOn: string, whenOff: string): string {
  if (typeof feature === 'boolean') return feature ? whenOn : whenOff;
  return Fn.conditionIf(feature.logicalId, whenOn, whenOff).toString();
}

/**
 * Puts every CloudFormation resource under `scope` behind the switch's condition, so a deployment
 * with the feature off does not contain the resources at all (not even an empty policy).
 */
function applySwitch(scope: IConstruct, feature: Switch): void {
  if (typeof feature === 'boolean') return;
  for (const child of scope.node.findAll()) {
    if (child instanceof CfnResource) child.cfnOptions.condition = feature;
  }
}

export { applySwitch, bothSwitches, invertSwitch, isPossiblyOn, switchValue };
export type { Switch };
