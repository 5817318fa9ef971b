// Drives a host's OpenAI-compatible endpoints with the official openai client, as an application would, and prints
// what it got as one JSON document for OpenAiNodeClientTest to check against the base model.
// Environment: BRICKYARD_HOST (e.g. http://127.0.0.1:8081/), BRICKYARD_TOKEN (a token with the infer scope),
// BRICKYARD_MODEL (the base model's name), BRICKYARD_ADAPTER (an installed adapter's id).
import OpenAI from 'openai';

const host = process.env.BRICKYARD_HOST;
const base = process.env.BRICKYARD_MODEL;
const adapter = process.env.BRICKYARD_ADAPTER;
const client = new OpenAI({ baseURL: new URL('v1', host).toString(), apiKey: process.env.BRICKYARD_TOKEN, maxRetries: 0 });
const texts = ['The battery died after a week.', 'Great phone, I love the camera.'];

async function refusal(call) {
  try {
    await call();
    return { refused: false };
  } catch (e) {
    return { refused: true, openAiError: e instanceof OpenAI.APIError, class: e.constructor.name, status: e.status,
      code: e.code, type: e.type, param: e.param, message: e.message };
  }
}

// Without encoding_format the client asks for base64 and decodes it to numbers itself.
const byDefault = await client.embeddings.create({ model: base, input: texts });
const floats = await client.embeddings.create({ model: base, input: texts[0], encoding_format: 'float' });
const withAdapter = await client.embeddings.create({ model: `${base}+${adapter}`, input: texts, dimensions: 384 });
const listed = [];
for await (const model of client.models.list()) {
  listed.push(model);
}
const one = await client.models.retrieve(`${base}+${adapter}`);

const vectors = (answer) => answer.data.map((item) => ({ index: item.index, embedding: Array.from(item.embedding) }));
console.log(JSON.stringify({
  byDefault: { model: byDefault.model, usage: byDefault.usage, data: vectors(byDefault) },
  floats: { model: floats.model, usage: floats.usage, data: vectors(floats) },
  withAdapter: { model: withAdapter.model, data: vectors(withAdapter) },
  models: listed.map((model) => model.id),
  model: one,
  unknownModel: await refusal(() => client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' })),
  tokenIds: await refusal(() => client.embeddings.create({ model: base, input: [[101, 7592, 102]] })),
  dimensions: await refusal(() => client.embeddings.create({ model: base, input: 'a', dimensions: 1536 })),
  badToken: await refusal(() => new OpenAI({ baseURL: new URL('v1', host).toString(), apiKey: 'bkh_wrong',
    maxRetries: 0 }).models.list()),
}));
