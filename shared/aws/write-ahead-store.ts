/**
 * Appends to an incident's write-ahead record (see shared/remediation/write-ahead.ts). A list of
 * JSON strings on the incident item, appended with list_append so concurrent appends never
 * overwrite each other; cleared by the update that records the alert (IncidentChange.clearWriteAhead).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { AwsCallError, assertIsError } from '../errors.js';
import type { IncidentKey } from '../incidents/incident.js';
import type { WriteAheadEntry } from '../remediation/write-ahead.js';
import type { StoreOptions } from './incident-store.js';

const WRITE_AHEAD_ATTRIBUTE = 'writeAhead';

async function appendWriteAhead(
  ddb: DynamoDBClient,
  key: IncidentKey,
  entries: readonly WriteAheadEntry[],
  options: StoreOptions
): Promise<void> {
  if (entries.length === 0) return;
  try {
    await ddb.send(
      new UpdateItemCommand({
        TableName: options.table,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        UpdateExpression: 'SET #log = list_append(if_not_exists(#log, :empty), :entries)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#log': WRITE_AHEAD_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':empty': { L: [] },
          ':entries': { L: entries.map((entry) => ({ S: JSON.stringify(entry) })) },
        },
      }),
      { abortSignal: options.signal }
    );
  } catch (error) {
    assertIsError(error);
    throw new AwsCallError('DynamoDB.UpdateItem', `${options.table}/${key.pk} (write-ahead record)`, error);
  }
}

export { appendWriteAhead };
