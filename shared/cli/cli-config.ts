/**
 * The pipeline Config for a run from a laptop: built here, not from the environment, so a local
 * shell's DRY_RUN or ALERT_TOPIC_ARN never changes what the CLI does.
 */
import { loadConfig } from '../config.js';
import type { Config } from '../config.js';

function buildCliConfig(options: { apply: boolean }): Config {
  return {
    ...loadConfig({}),
    // Dry run unless the person asked for --apply.
    dryRun: !options.apply,
    // The CLI prints the report; it never alerts, dedups or schedules.
    alertTopicArn: null,
    stateTableName: null,
    // permissionCheck, maxEndpointsPerRun and alertLanguage keep their defaults (shared/defaults.ts):
    // a failed simulation is reported as "not evaluated", never fatal.
    allowedVpcIds: [],
    allowedClusters: [],
    alertCoalesceSeconds: 0,
    redeployAfterFix: false,
    selfFunctionArn: null,
    schedulerRoleArn: null,
  };
}

export { buildCliConfig };
