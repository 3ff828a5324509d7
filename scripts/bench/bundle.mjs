// Bundle figures from esbuild's metafile (dist/remediate/meta.json): size, CommonJS SDK builds
// that slipped in (paths under dist-cjs/), and the EC2 client's share of the output.
import { readFileSync, statSync } from 'node:fs';

const SDK_CJS = /node_modules\/@(aws-sdk|smithy)\/[^/]+\/dist-cjs\//;

function measureBundle(dir = 'dist/remediate') {
  const file = `${dir}/index.mjs`;
  const bytes = statSync(file).size;
  const meta = JSON.parse(readFileSync(`${dir}/meta.json`, 'utf8'));
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('index.mjs'))?.[1];
  const inputs = Object.entries(output?.inputs ?? {});
  const cjsInputs = Object.keys(meta.inputs).filter((path) => SDK_CJS.test(path));
  const bytesOf = (test) => inputs.filter(([path]) => test(path)).reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return {
    file,
    bytes,
    cjsInputs,
    ec2Bytes: bytesOf((path) => path.includes('node_modules/@aws-sdk/client-ec2/')),
    sdkBytes: bytesOf((path) => /node_modules\/@(aws-sdk|smithy)\//.test(path)),
    ownBytes: bytesOf((path) => !path.includes('node_modules/')),
  };
}

export { measureBundle };
