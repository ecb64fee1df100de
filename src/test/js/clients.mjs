// Runs one case of the official OpenAI-compatible clients against task-agent, asserting what a user of the client
// would rely on, and prints what it saw as one JSON line. Started by NodeClientsTest, which scripts the mock model
// first; usage: node clients.mjs <case>, with TASK_AGENT_URL (…/v1) and TASK_AGENT_KEY set.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateObject } from 'ai';
import { z } from 'zod';

const baseURL = process.env.TASK_AGENT_URL;
const apiKey = process.env.TASK_AGENT_KEY;
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });

const Capital = z.object({
  city: z.string().describe('the capital'),
  population: z.number().int(),
  languages: z.array(z.enum(['fr', 'en', 'de'])),
});
const capitalSchema = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    population: { type: 'integer' },
    languages: { type: 'array', items: { type: 'string', enum: ['fr', 'en', 'de'] } },
  },
  required: ['city', 'population', 'languages'],
  additionalProperties: false,
};
const question = [{ role: 'user', content: 'What is the capital of France, its population and languages?' }];

/** The error a call fails with (the test fails if it succeeds). */
async function failure(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('the call was expected to fail');
}

const cases = {
  // Puter's own example, with only the base URL changed: the model id as Puter names it.
  async 'puter-example'() {
    const completion = await client.chat.completions.create({
      model: 'mistralai/mistral-small-2603',
      messages: [{ role: 'user', content: 'Explain quantum computing in simple terms' }],
    });
    assert.equal(completion.model, 'mistralai/mistral-small-2603');
    return { content: completion.choices[0].message.content };
  },

  async 'openai-json-schema'() {
    const completion = await client.chat.completions.create({
      model: 'mistralai/mistral-small-2603',
      messages: question,
      response_format: { type: 'json_schema', json_schema: { name: 'capital', strict: true, schema: capitalSchema } },
    });
    const answer = JSON.parse(completion.choices[0].message.content);
    assert.equal(answer.city, 'Paris');
    assert.equal(answer.population, 2100000);
    return answer;
  },

  async 'openai-parse'() {
    const completion = await client.chat.completions.parse({
      model: 'task-agent',
      messages: question,
      response_format: zodResponseFormat(Capital, 'capital'),
    });
    const parsed = completion.choices[0].message.parsed;
    assert.deepEqual(parsed, { city: 'Paris', population: 2100000, languages: ['fr'] });
    return parsed;
  },

  async 'ai-sdk-generate-object'() {
    const taskAgent = createOpenAICompatible({ name: 'task-agent', baseURL, apiKey, supportsStructuredOutputs: true });
    const { object } = await generateObject({
      model: taskAgent('mistralai/mistral-small-2603'),
      schema: Capital,
      prompt: question[0].content,
      maxRetries: 0,
    });
    assert.deepEqual(object, { city: 'Paris', population: 2100000, languages: ['fr'] });
    return object;
  },

  async 'error-unknown-model'() {
    const error = await failure(() => client.chat.completions.create({ model: 'gpt-4o', messages: question }));
    assert.ok(error instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${error}`);
    assert.equal(error.status, 400);
    assert.equal(error.param, 'model');
    assert.match(error.message, /mistralai\/mistral-small-2603/);
    return { status: error.status, type: error.type, param: error.param, message: error.message };
  },

  // the parse helper's schema, answered twice with JSON that does not match it (scripted by the test)
  async 'error-invalid-output'() {
    const error = await failure(() =>
      client.chat.completions.parse({
        model: 'task-agent',
        messages: question,
        response_format: zodResponseFormat(Capital, 'capital'),
      }),
    );
    assert.ok(error instanceof OpenAI.UnprocessableEntityError, `expected UnprocessableEntityError, got ${error}`);
    assert.equal(error.status, 422);
    assert.equal(error.code, 'invalid-output');
    assert.ok(error.error.errors.length > 0, JSON.stringify(error.error));
    return { status: error.status, code: error.code, errors: error.error.errors, last_attempt: error.error.last_attempt };
  },

  async 'error-bad-key'() {
    const stranger = new OpenAI({ baseURL, apiKey: 'tk_not_a_key', maxRetries: 0 });
    const error = await failure(() => stranger.models.list());
    assert.ok(error instanceof OpenAI.AuthenticationError, `expected AuthenticationError, got ${error}`);
    assert.equal(error.status, 401);
    return { status: error.status, type: error.type, code: error.code };
  },

  async 'error-rate-limited'() {
    const error = await failure(() => client.chat.completions.create({ model: 'task-agent', messages: question }));
    assert.ok(error instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${error}`);
    assert.equal(error.status, 429);
    return { status: error.status, type: error.type, code: error.code };
  },

  async 'error-stream-before-first-chunk'() {
    const error = await failure(async () => {
      const stream = await client.chat.completions.create({ model: 'task-agent', messages: question, stream: true });
      for await (const chunk of stream) {
        assert.fail(`no chunk was expected, got ${JSON.stringify(chunk)}`);
      }
    });
    assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${error}`);
    assert.equal(error.status, 402);
    return { status: error.status, type: error.type, code: error.code };
  },

  async 'models'() {
    const ids = [];
    for await (const model of client.models.list()) {
      ids.push(model.id);
    }
    assert.ok(ids.includes('task-agent') && ids.includes('mistralai/devstral-2512'), ids.join(', '));
    const missing = await failure(() => client.models.retrieve('gpt-4o'));
    assert.ok(missing instanceof OpenAI.NotFoundError, `expected NotFoundError, got ${missing}`);
    return { ids };
  },
};

const name = process.argv[2];
if (!cases[name]) {
  console.error(`unknown case '${name}'; cases: ${Object.keys(cases).join(', ')}`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await cases[name]()));
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
