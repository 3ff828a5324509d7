/**
 * The permissions ecs-netfix needs in the account it acts in, rendered onto one role: the
 * single-account function's own role, or the spoke role a hub assumes in a member account. One
 * function builds both, so a spoke holds exactly what a single-account deployment holds (read-only
 * while dry-run is on, the same tag conditions and allowlist confinements).
 */
import { Policy } from 'aws-cdk-lib/aws-iam';
import type { IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { SETTINGS } from '../shared/defaults.js';
import { accountReadStatements, redeployStatements, userEndpointStatements, writeStatements } from './permissions.js';
import type { PermissionScope } from './permissions.js';
import { applySwitch, bothSwitches, invertSwitch, isPossiblyOn } from './switch.js';
import type { Switch } from './switch.js';

/** The switches that decide which writes exist (the stack parameters of the same names). */
interface AccountModes {
  dryRun: Switch;
  redeployAfterFix?: Switch;
  allowUserEndpointChanges?: Switch;
}

/** The same modes as deploy-time switches: each policy exists exactly when its switch is on. */
interface AccountSwitches {
  liveMode: Switch;
  redeployLive: Switch;
  userEndpointsLive: Switch;
}

/** Creates the LiveMode, RedeployInLiveMode and UserEndpointChangesInLiveMode conditions in `scope`. */
function accountSwitches(scope: Construct, modes: AccountModes): AccountSwitches {
  const liveMode = invertSwitch(scope, 'LiveMode', modes.dryRun);
  return {
    liveMode,
    redeployLive: bothSwitches(
      scope,
      'RedeployInLiveMode',
      liveMode,
      modes.redeployAfterFix ?? SETTINGS.redeployAfterFix.default
    ),
    userEndpointsLive: bothSwitches(
      scope,
      'UserEndpointChangesInLiveMode',
      liveMode,
      modes.allowUserEndpointChanges ?? SETTINGS.allowUserEndpointChanges.default
    ),
  };
}

/** Each policy exists only in the modes that need it; absent when known to be off at synth time. */
interface AccountPolicies {
  read: Policy;
  write?: Policy;
  userEndpoint?: Policy;
  redeploy?: Policy;
}

/**
 * Creates the account policies in `scope` (construct ids ReadPolicy, RemediationWritePolicy,
 * UserEndpointChangesPolicy, RedeployPolicy) attached to `role`. `reportingStatements` join the
 * read policy: the single-account function's topic, bus and table.
 */
function grantAccountPermissions(
  scope: Construct,
  role: IRole,
  permissionScope: PermissionScope,
  switches: AccountSwitches,
  reportingStatements: PolicyStatement[] = []
): AccountPolicies {
  const read = new Policy(scope, 'ReadPolicy', {
    statements: [...accountReadStatements(permissionScope), ...reportingStatements],
    roles: [role],
  });
  // A dry-run deployment holds no write statement: the policy is either not synthesized
  // (dryRun: true) or behind a condition that is false while dry-run is on.
  const switched = (id: string, feature: Switch, statements: () => PolicyStatement[]): Policy | undefined => {
    if (!isPossiblyOn(feature)) return undefined;
    const policy = new Policy(scope, id, { statements: statements(), roles: [role] });
    applySwitch(policy, feature);
    return policy;
  };
  return {
    read,
    write: switched('RemediationWritePolicy', switches.liveMode, () => writeStatements(permissionScope)),
    userEndpoint: switched('UserEndpointChangesPolicy', switches.userEndpointsLive, () =>
      userEndpointStatements(permissionScope)
    ),
    redeploy: switched('RedeployPolicy', switches.redeployLive, () => redeployStatements(permissionScope)),
  };
}

export { accountSwitches, grantAccountPermissions };
export type { AccountModes, AccountPolicies, AccountSwitches };
