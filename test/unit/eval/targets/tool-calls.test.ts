// Tools on the chat targets: the request in each API's shape, tool calls read back from fixture servers
// (with and without text, with malformed arguments), the fingerprint, and the config checks.
import assert from 'node:assert/strict';
import { checkTargetConfig, createTarget, TargetConfigError } from '../../../../src/core/eval/targets/index.js';
import { startAnthropicServer, startOpenAIServer, type ModelServer } from '../../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../../support/memory-host.js';
import { makeCase, makeDeps, never } from './helpers.js';

const WEATHER = {
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const DELETE = { name: 'delete_account' };

describe('targets: tool calls', () => {
  let server: ModelServer;
  let deps: ReturnType<typeof makeDeps>;

  afterEach(async () => {
    await deps.http.close();
    await server.close();
  });

  describe('openai', () => {
    beforeEach(() => {
      deps = makeDeps({ secrets: memorySecrets({ OPENAI_API_KEY: 'sk-fixture' }) });
    });

    it('declares the tools and tool_choice in the Chat Completions shape', async () => {
      server = await startOpenAIServer();
      const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER, DELETE], tool_choice: { name: 'get_weather' } }, deps);
      await target.run(makeCase({ id: 'a', input: 'weather in Paris?' }), never());
      const body = server.requests[0]!.body as Record<string, unknown>;
      assert.deepEqual(body.tools, [
        { type: 'function', function: WEATHER },
        { type: 'function', function: { name: 'delete_account', parameters: { type: 'object', properties: {} } } },
      ]);
      assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'get_weather' } });
    });

    it('sends auto/none/required as they are, and nothing about tools when none are declared', async () => {
      server = await startOpenAIServer();
      for (const choice of ['auto', 'none', 'required'] as const) {
        const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER], tool_choice: choice }, deps);
        await target.run(makeCase({ id: 'a', input: 'q' }), never());
      }
      await (await createTarget({ provider: 'openai', model: 'm', base_url: server.url }, deps)).run(makeCase({ id: 'a', input: 'q' }), never());
      assert.deepEqual(server.requests.map((r) => (r.body as Record<string, unknown>).tool_choice), ['auto', 'none', 'required', undefined]);
      assert.equal('tools' in (server.requests[3]!.body as object), false);
    });

    it('a reply with tool calls and no text is an output: "" plus the calls, arguments parsed', async () => {
      server = await startOpenAIServer({ script: [{ kind: 'ok', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'delete_account', arguments: {} }] }] });
      const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER, DELETE] }, deps);
      const out = await target.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(out.output, '');
      assert.deepEqual(out.toolCalls, [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'delete_account', arguments: {} },
      ]);
    });

    it('keeps the text beside the calls; a plain text reply has no toolCalls', async () => {
      server = await startOpenAIServer({ script: [{ kind: 'ok', content: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }, { kind: 'ok' }] });
      const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER] }, deps);
      const both = await target.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(both.output, 'Checking.');
      assert.deepEqual(both.toolCalls, [{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
      const text = await target.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(text.output, 'echo: q');
      assert.equal(text.toolCalls, undefined);
    });

    it('arguments that are not valid JSON are kept raw and marked, not an error', async () => {
      server = await startOpenAIServer({ script: [{ kind: 'ok', toolCalls: [{ name: 'get_weather', arguments: '{"city": "Par' }] }] });
      const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER] }, deps);
      const out = await target.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(out.toolCalls?.length, 1);
      assert.equal(out.toolCalls![0]!.arguments, '{"city": "Par');
      assert.match(out.toolCalls![0]!.arguments_error ?? '', /^the arguments are not valid JSON \(/);
    });

    it('the tools are part of the fingerprint; a target without tools keeps its old fingerprint', async () => {
      server = await startOpenAIServer();
      const plain = await createTarget({ provider: 'openai', model: 'm', base_url: server.url }, deps);
      const withTools = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER] }, deps);
      const forced = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, tools: [WEATHER], tool_choice: 'required' }, deps);
      assert.equal(new Set([plain.fingerprint, withTools.fingerprint, forced.fingerprint]).size, 3);
      assert.equal(plain.fingerprint.includes('tool'), false);
    });
  });

  describe('anthropic', () => {
    beforeEach(() => {
      deps = makeDeps({ secrets: memorySecrets({ ANTHROPIC_API_KEY: 'sk-ant-fixture' }) });
    });

    it('declares the tools as {name, description, input_schema} and maps tool_choice', async () => {
      server = await startAnthropicServer();
      const choices = [{ name: 'get_weather' }, 'required', 'auto', 'none'] as const;
      for (const choice of choices) {
        const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: server.url, tools: [WEATHER, DELETE], tool_choice: choice }, deps);
        await target.run(makeCase({ id: 'a', input: 'q' }), never());
      }
      const first = server.requests[0]!.body as Record<string, unknown>;
      assert.deepEqual(first.tools, [
        { name: 'get_weather', description: 'Current weather in a city.', input_schema: WEATHER.parameters },
        { name: 'delete_account', input_schema: { type: 'object', properties: {} } },
      ]);
      assert.deepEqual(
        server.requests.map((r) => (r.body as Record<string, unknown>).tool_choice),
        [{ type: 'tool', name: 'get_weather' }, { type: 'any' }, { type: 'auto' }, { type: 'none' }],
      );
    });

    it('tool_use blocks become tool calls; with no text block the output is ""', async () => {
      server = await startAnthropicServer({
        script: [
          { kind: 'ok', toolCalls: [{ name: 'get_weather', arguments: { city: 'Lima' } }] },
          { kind: 'ok', content: 'Let me check.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] },
        ],
      });
      const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: server.url, tools: [WEATHER] }, deps);
      const only = await target.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(only.output, '');
      assert.deepEqual(only.toolCalls, [{ name: 'get_weather', arguments: { city: 'Lima' } }]);
      const both = await target.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(both.output, 'Let me check.');
      assert.deepEqual(both.toolCalls, [{ name: 'get_weather', arguments: { city: 'Rome' } }]);
    });
  });
});

describe('targets: tool declarations', () => {
  describe('config', () => {
    const fails = (config: Record<string, unknown>, pattern: RegExp) =>
      assert.throws(() => checkTargetConfig({ provider: 'openai', model: 'm', ...config }), (e: unknown) => e instanceof TargetConfigError && pattern.test(e.message));

    it('rejects malformed tools and a tool_choice that names no declared tool', () => {
      fails({ tools: { name: 'x' } }, /target.tools must be a list/);
      fails({ tools: [{ name: 'has space' }] }, /target.tools\[0\].name must be 1-64 letters/);
      fails({ tools: [{ name: 'a' }, { name: 'a' }] }, /declared twice/);
      fails({ tools: [{ name: 'a', parameters: 'object' }] }, /parameters must be a JSON Schema object/);
      fails({ tool_choice: 'auto' }, /tool_choice needs target.tools/);
      fails({ tools: [{ name: 'a' }], tool_choice: { name: 'b' } }, /names "b", which is not one of target.tools \(a\)/);
      fails({ tools: [{ name: 'a' }], tool_choice: 'any' }, /must be auto, none, required or \{name: TOOL\}/);
      assert.doesNotThrow(() => checkTargetConfig({ provider: 'anthropic', model: 'm', tools: [WEATHER], tool_choice: 'required' }));
    });
  });
});
