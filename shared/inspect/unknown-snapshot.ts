/**
 * A snapshot in which nothing was read: for failures that no network change fixes (image gone,
 * registry credentials, rate limit, disk), where reading the VPC would only spend API calls.
 */
import type { StoppedTask } from '../intake/request.js';
import type { Snapshot } from './snapshot.js';

function unknownSnapshot(task: StoppedTask, reason: string): Snapshot {
  return {
    region: task.region,
    accountId: task.accountId,
    network: {
      subnetIds: task.subnetId ? [task.subnetId] : [],
      securityGroupIds: null,
      assignPublicIp: null,
      source: 'unknown',
    },
    service: null,
    taskDefinition: null,
    vpc: null,
    subnets: [],
    routeTables: [],
    natGateways: [],
    internetGateways: [],
    endpoints: [],
    securityGroups: [],
    networkAcls: [],
    s3PrefixListId: null,
    permissions: { evaluated: false, roleArn: null, results: [], note: reason },
    unknowns: [reason],
  };
}

export { unknownSnapshot };
