/**
 * Invokes the deployed ecs-netfix function synchronously (RequestResponse) and reads its answer:
 * the report, or the error the function raised (FunctionError).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { callAws } from './aws-call.js';
import type { SpokeCredentialProvider } from './spoke-session.js';

interface LambdaClientOptions {
  region: string;
  profile?: string;
  /** A member account's credentials (CLI --spoke-role); the default chain when absent. */
  credentials?: SpokeCredentialProvider;
}

type InvokeAnswer =
  | { kind: 'result'; payload: unknown }
  /** The function threw: Lambda's `errorType` and `errorMessage`. */
  | { kind: 'function-error'; errorType: string; errorMessage: string };

function createLambdaClient(options: LambdaClientOptions): LambdaClient {
  return new LambdaClient({
    region: options.region,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

function parsePayload(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined || bytes.length === 0) return null;
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readErrorPayload(payload: unknown, functionError: string): { errorType: string; errorMessage: string } {
  if (payload !== null && typeof payload === 'object') {
    const record = payload as Record<string, unknown>;
    return {
      errorType: typeof record.errorType === 'string' ? record.errorType : functionError,
      errorMessage: typeof record.errorMessage === 'string' ? record.errorMessage : JSON.stringify(payload),
    };
  }
  return { errorType: functionError, errorMessage: typeof payload === 'string' ? payload : 'no error message' };
}

async function invokeFunction(
  lambda: LambdaClient,
  functionName: string,
  payload: unknown,
  signal?: AbortSignal
): Promise<InvokeAnswer> {
  const response = await callAws('Lambda.Invoke', functionName, () =>
    lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
      { abortSignal: signal }
    )
  );
  const body = parsePayload(response.Payload);
  if (response.FunctionError) return { kind: 'function-error', ...readErrorPayload(body, response.FunctionError) };
  return { kind: 'result', payload: body };
}

export { createLambdaClient, invokeFunction };
