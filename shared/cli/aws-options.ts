/**
 * The options every AWS command shares (--json, --region, --profile) and where the region comes
 * from: the flag, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's config file.
 */
import type { CliIo } from './cli-io.js';
import type { CliOption, OptionValue } from './command.js';
import { UsageError } from '../errors.js';

interface AwsTarget {
  region: string;
  profile: string | null;
}

const AWS_OPTIONS: Readonly<Record<string, CliOption>> = {
  json: { type: 'boolean', description: 'print JSON instead of text' },
  region: { type: 'string', valueName: 'REGION', description: 'AWS region (default: AWS_REGION, then the profile)' },
  profile: { type: 'string', valueName: 'PROFILE', description: 'named profile from ~/.aws/config (default: AWS_PROFILE)' },
};

const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

function stringOption(values: Readonly<Record<string, OptionValue>>, name: string): string | null {
  const value = values[name];
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (Array.isArray(value)) {
    const last = value.at(-1);
    return typeof last === 'string' && last.trim() !== '' ? last.trim() : null;
  }
  return null;
}

/** Every value of a repeatable string option, in order, without blanks and duplicates. */
function stringListOption(values: Readonly<Record<string, OptionValue>>, name: string): string[] {
  const value = values[name];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const strings = items.filter((item): item is string => typeof item === 'string').map((item) => item.trim());
  return [...new Set(strings.filter((item) => item !== ''))];
}

function isRegionName(text: string): boolean {
  return REGION_PATTERN.test(text);
}

/**
 * Resolves region and profile. `regionFromProfile` reads the profile's config file (the SDK does
 * it in production; tests pass a stub).
 */
async function resolveAwsTarget(
  values: Readonly<Record<string, OptionValue>>,
  io: Pick<CliIo, 'env'>,
  command: string,
  regionFromProfile: (profile: string | null) => Promise<string | null>
): Promise<AwsTarget> {
  const profile = stringOption(values, 'profile') ?? (io.env.AWS_PROFILE?.trim() || null);
  const flag = stringOption(values, 'region');
  const region =
    flag ??
    (io.env.AWS_REGION?.trim() || null) ??
    (io.env.AWS_DEFAULT_REGION?.trim() || null) ??
    (await regionFromProfile(profile));
  if (region === null) {
    throw new UsageError(
      `no AWS region: pass --region REGION, set AWS_REGION, or set region in the profile${profile ? ` ${profile}` : ''}`,
      command
    );
  }
  if (!isRegionName(region)) {
    throw new UsageError(`${JSON.stringify(region.slice(0, 40))} is not an AWS region name (e.g. eu-west-1)`, command);
  }
  return { region, profile };
}

export { AWS_OPTIONS, isRegionName, resolveAwsTarget, stringListOption, stringOption };
export type { AwsTarget };
