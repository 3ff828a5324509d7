/**
 * Hub mode of the ready stack: which organization may send events, which role the function
 * assumes in member accounts, and which accounts it may act in. Given at synth time (the CDK
 * context value `hub`, docs/deploy-hub.md) and checked here: bad input stops the synth.
 */
import { SETTINGS } from '../shared/defaults.js';

interface HubProps {
  /** AWS Organizations id: the bus accepts events only from principals of this organization. */
  organizationId: string;
  /** The role in every member account (the spoke stack's SpokeRoleName); default ecs-netfix-spoke. */
  spokeRoleName?: string;
  /** Member accounts the hub may act in; empty means any account of the organization. */
  allowedAccountIds?: string[];
}

/** Also the AllowedPattern of the spoke stack's parameters of the same meaning. */
const ORGANIZATION_ID_PATTERN = '^o-[a-z0-9]{10,32}$';
/** IAM role names without a path (shared/config.ts accepts the same for SPOKE_ROLE_NAME). */
const ROLE_NAME_PATTERN = '^[\\w+=,.@-]{1,64}$';
const ORGANIZATION_ID = new RegExp(ORGANIZATION_ID_PATTERN);
const ROLE_NAME = new RegExp(ROLE_NAME_PATTERN);
const ACCOUNT_ID = /^\d{12}$/;
const DEFAULT_SPOKE_ROLE_NAME = SETTINGS.spokeRoleName.deployed;

class HubConfigError extends Error {}

function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => item.trim());
  throw new HubConfigError(`hub.${name} must be a list of strings or a comma-separated string`);
}

/** The checked hub settings, with their defaults filled in. */
function checkedHub(hub: HubProps): Required<HubProps> {
  const spokeRoleName = hub.spokeRoleName ?? DEFAULT_SPOKE_ROLE_NAME;
  if (!ORGANIZATION_ID.test(hub.organizationId)) {
    throw new HubConfigError(`hub.organizationId: "${hub.organizationId}" is not an AWS Organizations id (o-xxxxxxxxxx)`);
  }
  if (!ROLE_NAME.test(spokeRoleName)) {
    throw new HubConfigError(
      `hub.spokeRoleName: "${spokeRoleName}" is not an IAM role name (1-64 letters, digits or _+=,.@-, no path)`
    );
  }
  const allowedAccountIds = [...new Set(hub.allowedAccountIds ?? [])];
  for (const account of allowedAccountIds) {
    if (!ACCOUNT_ID.test(account)) throw new HubConfigError(`hub.allowedAccountIds: "${account}" is not a 12-digit account id`);
  }
  return { organizationId: hub.organizationId, spokeRoleName, allowedAccountIds };
}

/**
 * The `hub` context value: an object (cdk.json) or its JSON text (`-c hub='{...}'`), or absent
 * (a single-account stack). Unknown keys are refused, so a typo does not silently drop a limit.
 */
function hubFromContext(value: unknown): Required<HubProps> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new HubConfigError(
        'the context value hub must be JSON: {"organizationId":"o-...","spokeRoleName":"...","allowedAccountIds":["111111111111"]}'
      );
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HubConfigError('the context value hub must be an object with organizationId');
  }
  const record = parsed as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter(
    (key) => !['organizationId', 'spokeRoleName', 'allowedAccountIds'].includes(key)
  );
  if (unknownKeys.length > 0)
    throw new HubConfigError(`hub: unknown setting ${unknownKeys.join(', ')} (organizationId, spokeRoleName, allowedAccountIds)`);
  if (typeof record.organizationId !== 'string') throw new HubConfigError('hub.organizationId is required (o-xxxxxxxxxx)');
  if (record.spokeRoleName !== undefined && typeof record.spokeRoleName !== 'string')
    throw new HubConfigError('hub.spokeRoleName must be a string');
  return checkedHub({
    organizationId: record.organizationId,
    spokeRoleName: record.spokeRoleName,
    allowedAccountIds: stringList(record.allowedAccountIds, 'allowedAccountIds'),
  });
}

export { DEFAULT_SPOKE_ROLE_NAME, HubConfigError, ORGANIZATION_ID_PATTERN, ROLE_NAME_PATTERN, checkedHub, hubFromContext };
export type { HubProps };
