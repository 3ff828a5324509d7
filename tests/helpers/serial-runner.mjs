// jest's own runner, marked serial: the integration files share one moto server, so jest runs
// them one at a time (in band) after the parallel projects. Named by jest.config.mjs.
import TestRunner from 'jest-runner';

export default class SerialRunner extends TestRunner {
  isSerial = true;
}
