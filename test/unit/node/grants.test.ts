// A command-line run's grants: flags and AISPEC_ALLOW_* variables add up, lists split on commas (paths also on
// the PATH separator), and a grant that does not parse stops the run instead of being guessed.
import assert from 'node:assert/strict';
import { delimiter, resolve } from 'node:path';
import { CLI_GRANT_ADVICE, GrantError, grantsFrom } from '../../../src/node/grants.js';

describe('node: grants from flags and the environment', () => {
  it('nothing granted by default', () => {
    const grants = grantsFrom({}, {}, '/work');
    assert.deepEqual([grants.command, [...grants.env], grants.hosts, grants.read], [false, [], [], []]);
  });

  it('flags and variables add up; comma lists and repeated flags', () => {
    const grants = grantsFrom(
      { env: ['A,B', 'C'], hosts: ['gw.example.com', 'localhost:11434'], read: ['../shared'] },
      { AISPEC_ALLOW_ENV: 'D', AISPEC_ALLOW_HOSTS: '[::1]:8080, 10.0.0.2', AISPEC_ALLOW_READ: ['/data', '/models'].join(delimiter) },
      '/work/project',
    );
    assert.deepEqual([...grants.env], ['A', 'B', 'C', 'D']);
    assert.deepEqual(grants.hosts, [{ host: 'gw.example.com' }, { host: 'localhost', port: 11434 }, { host: '[::1]', port: 8080 }, { host: '10.0.0.2' }]);
    assert.deepEqual(grants.read, [resolve('/work/project', '../shared'), resolve('/data'), resolve('/models')]);
  });

  it('AISPEC_ALLOW_COMMAND: 1 or true allows, 0, false or empty do not, anything else is an error', () => {
    for (const value of ['1', 'true', 'TRUE']) assert.equal(grantsFrom({}, { AISPEC_ALLOW_COMMAND: value }, '/').command, true, value);
    for (const value of ['0', 'false', '']) assert.equal(grantsFrom({}, { AISPEC_ALLOW_COMMAND: value }, '/').command, false, value);
    assert.equal(grantsFrom({ command: true }, {}, '/').command, true);
    assert.throws(() => grantsFrom({}, { AISPEC_ALLOW_COMMAND: 'yes' }, '/'), GrantError);
  });

  it('a bad variable name or host is a GrantError', () => {
    assert.throws(() => grantsFrom({ env: ['NOT-A-NAME'] }, {}, '/'), /environment variable names/);
    assert.throws(() => grantsFrom({ hosts: ['https://gw.example.com'] }, {}, '/'), /not a URL/);
    assert.throws(() => grantsFrom({}, { AISPEC_ALLOW_HOSTS: '*.example.com' }, '/'), /wildcards/);
  });

  it('the advice names the exact flags and their variables', () => {
    assert.equal(CLI_GRANT_ADVICE.secret(['K'], ['h.example']), 'run with --allow-env K --allow-host h.example (or set AISPEC_ALLOW_ENV / AISPEC_ALLOW_HOSTS)');
    assert.equal(CLI_GRANT_ADVICE.secret([], ['h.example:8080']), 'run with --allow-host h.example:8080 (or set AISPEC_ALLOW_HOSTS)');
  });
});
