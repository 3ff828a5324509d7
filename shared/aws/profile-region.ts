/** The region a named profile sets in ~/.aws/config, read the way the SDK reads it. */
import { STSClient } from '@aws-sdk/client-sts';

async function regionFromProfile(profile: string | null): Promise<string | null> {
  try {
    // The client resolves its region lazily from env and the shared config file; no call is made.
    const client = new STSClient(profile ? { profile } : {});
    const region = await client.config.region();
    client.destroy();
    return typeof region === 'string' && region !== '' ? region : null;
  } catch {
    return null;
  }
}

export { regionFromProfile };
