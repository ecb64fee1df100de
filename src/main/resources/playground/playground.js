// The playground: runs a task through the public API (POST /v1/tasks with "stream": true) and draws its events.
// Everything the model or a tool produced is put into the page as text (textContent), never as HTML.

const KEY_STORAGE = 'task-agent.api-key';
const SESSION_STORAGE = 'task-agent.session';
const TERMINAL = new Set(['task.completed', 'task.failed', 'task.cancelled']);
const MAX_RECONNECTS = 10;

const $ = (id) => document.getElementById(id);
const maxImageBytes = Number(document.querySelector('meta[name="task-agent-max-image-bytes"]').content) || 0;

const state = {
  taskId: null,
  lastEventId: 0,
  finished: true,
  startedAt: 0,
  timer: null,
  image: null,
  models: [],
};

// ---- API access -------------------------------------------------------------------------------------------------

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const key = apiKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function api(path, options = {}) {
  return fetch(path, { ...options, headers: headers(options.headers), cache: 'no-store' });
}

/** A sentence a person can act on, from a failed response (problem+json or OpenAI's error envelope). */
async function problemOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  const problem = {
    status: response.status,
    title: body.title || response.statusText,
    detail: body.detail || body.error?.message || body.message || '',
    code: body.code || body.error?.code || '',
  };
  return sentence(problem, response.headers.get('Retry-After'));
}

/** The same wording for a refused request and for a task that ended with a problem as its error. */
function sentence(problem, retryAfter) {
  const { status, title, detail, code } = problem;
  const says = detail ? ` The service says: ${detail}` : '';
  switch (status) {
    case 401:
      return 'The API key was refused or is missing: enter a valid key above.';
    case 429:
      return `Too many requests: try again ${retryAfter ? `in ${retryAfter} s` : 'later'}.${says}`;
    case 503:
      if (code === 'model-not-configured') {
        return `The service has no model token configured, so it cannot run tasks.${says}`;
      }
      return `The service is unavailable for now: try again later.${says || (title ? ` (${title})` : '')}`;
    case 422:
      if (code === 'tool-budget-exhausted') {
        return `The task used up its tool-call budget before it had an answer: raise "Max tool calls" and run it again.${says}`;
      }
      return `The task was stopped: ${title || 'it could not go on'}.${says}`;
    default:
      return `${title || 'The request failed'} (${status || 'no status'}).${says}`;
  }
}

// ---- page state -------------------------------------------------------------------------------------------------

function setStatus(text) {
  $('status').textContent = text;
}

function showProblem(text) {
  const box = $('problem');
  box.textContent = text;
  box.hidden = !text;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function pretty(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

// ---- tools, models, key -----------------------------------------------------------------------------------------

async function loadTools() {
  const box = $('tools');
  box.querySelectorAll('.tool').forEach((n) => n.remove());
  const status = $('tools-status');
  const response = await api('/v1/tools');
  if (!response.ok) {
    status.textContent = await problemOf(response);
    return;
  }
  status.textContent = '';
  const { tools } = await response.json();
  for (const tool of tools) {
    const id = `tool-${tool.name}`;
    const row = element('div', tool.enabled ? 'tool' : 'tool disabled');
    const input = element('input');
    input.type = 'checkbox';
    input.id = id;
    input.value = tool.name;
    input.checked = tool.enabled;
    input.disabled = !tool.enabled;
    const label = element('label', '', tool.name);
    label.htmlFor = id;
    row.append(input, label);
    const why = tool.enabled ? tool.description : `off: ${tool.disabled_reason || 'disabled'}`;
    const hint = element('span', 'hint', why);
    hint.id = `${id}-hint`;
    input.setAttribute('aria-describedby', hint.id);
    row.append(hint);
    box.append(row);
  }
}

async function loadModels() {
  const select = $('model');
  select.replaceChildren();
  const response = await api('/v1/models');
  if (!response.ok) return;
  const { data } = await response.json();
  state.models = data || [];
  state.models.forEach((model, index) => {
    // the first is the service's default model; the others by name, with the id where a name repeats
    const name = model.display_name || model.id;
    const repeated = state.models.filter((m) => (m.display_name || m.id) === name).length > 1;
    let label = name;
    if (index === 0) label = `${name} (default)`;
    else if (repeated) label = `${name} (${model.id})`;
    const option = element('option', '', label);
    option.value = model.id;
    select.append(option);
  });
  applyModelCapabilities();
}

/** Reasoning effort and images only for a model that takes them: the service would refuse the task otherwise. */
function applyModelCapabilities() {
  const model = state.models.find((m) => m.id === $('model').value);
  const reasoning = model ? model.supports_reasoning_effort !== false : true;
  const images = model ? model.supports_images !== false : true;
  $('reasoning').disabled = !reasoning;
  if (!reasoning) $('reasoning').value = '';
  $('image').disabled = !images;
  const notes = [];
  if (!reasoning) notes.push('no reasoning effort');
  if (!images) notes.push('no images');
  $('model-note').textContent = notes.length ? `This model takes ${notes.join(' and ')}.` : '';
}

async function loadAll() {
  await Promise.all([loadTools(), loadModels()]);
}

function showKeyState() {
  $('key-status').textContent = apiKey() ? 'A key is set for this tab.' : 'No key set: the service may refuse tasks.';
}

// ---- sessions and images ----------------------------------------------------------------------------------------

function newSessionId() {
  const random = crypto.getRandomValues(new Uint8Array(6));
  return `pg-${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function initSession() {
  $('session-id').value = sessionStorage.getItem(SESSION_STORAGE) || newSessionId();
  $('new-session').addEventListener('click', () => {
    $('session-id').value = newSessionId();
    sessionStorage.setItem(SESSION_STORAGE, $('session-id').value);
    $('use-session').checked = true;
  });
  $('session-id').addEventListener('change', () => sessionStorage.setItem(SESSION_STORAGE, $('session-id').value));
}

function initImage() {
  $('image').addEventListener('change', () => {
    state.image = null;
    const file = $('image').files[0];
    const status = $('image-status');
    if (!file) {
      status.textContent = '';
      return;
    }
    if (maxImageBytes && file.size > maxImageBytes) {
      status.textContent = `${file.name} is ${file.size} bytes; the service takes images of at most ${maxImageBytes} bytes.`;
      $('image').value = '';
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      state.image = reader.result;
      status.textContent = `${file.name} (${file.size} bytes) will be sent with the task.`;
    };
    reader.onerror = () => {
      status.textContent = `${file.name} could not be read.`;
    };
    reader.readAsDataURL(file);
  });
}

// ---- running a task ---------------------------------------------------------------------------------------------

function taskBody() {
  const body = { input: $('task-input').value, stream: true };
  const toolBoxes = [...document.querySelectorAll('#tools .tool input')];
  if (toolBoxes.length) {
    body.tools = toolBoxes.filter((b) => b.checked && !b.disabled).map((b) => b.value);
  }
  const budget = $('max-tool-calls').value;
  if (budget !== '') body.max_tool_calls = Number(budget);
  if ($('reasoning').value) body.reasoning = $('reasoning').value;
  const model = $('model').value;
  // the first model listed is the service's default: sent only when the user picks another
  if (model && state.models.length > 1 && model !== state.models[0].id) body.model = model;
  if (state.image && !$('image').disabled) body.images = [state.image];
  if ($('use-session').checked && $('session-id').value.trim()) body.session = $('session-id').value.trim();
  return body;
}

function resetRun() {
  showProblem('');
  $('timeline').replaceChildren();
  $('answer').textContent = '';
  $('sources').replaceChildren();
  $('sources-block').hidden = true;
  $('usage').textContent = '';
  state.taskId = null;
  state.lastEventId = 0;
}

function running(on) {
  state.finished = !on;
  $('run').disabled = on;
  $('cancel').disabled = !on;
  clearInterval(state.timer);
  if (on) {
    state.startedAt = performance.now();
    state.timer = setInterval(() => {
      if (state.phase) setStatus(`${state.phase} (${Math.round((performance.now() - state.startedAt) / 1000)} s)`);
    }, 1000);
  }
}

function phase(text) {
  state.phase = text;
  setStatus(text);
}

async function runTask(event) {
  event.preventDefault();
  if (!state.finished) return;
  resetRun();
  running(true);
  phase('Sending the task…');
  let response;
  try {
    response = await api('/v1/tasks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(taskBody()),
    });
  } catch (e) {
    finish(`The service could not be reached: ${e.message}`);
    return;
  }
  if (!response.ok) {
    finish(await problemOf(response));
    return;
  }
  await followUntilDone(response);
}

/** Reads the stream; when it breaks before the task ended, reconnects from the last event seen. */
async function followUntilDone(firstResponse) {
  let response = firstResponse;
  for (let attempt = 0; ; attempt++) {
    try {
      if (!response) {
        response = await api(`/v1/tasks/${encodeURIComponent(state.taskId)}/events`, {
          headers: { Accept: 'text/event-stream', 'Last-Event-ID': String(state.lastEventId) },
        });
        if (!response.ok) {
          finish(await problemOf(response));
          return;
        }
        phase('Reconnected');
      }
      await readEvents(response);
    } catch {
      // the connection broke: reconnect below
    }
    if (state.finished) return;
    if (!state.taskId || attempt >= MAX_RECONNECTS) {
      finish('The connection to the service was lost and could not be resumed.');
      return;
    }
    response = null;
    phase(`Connection lost; reconnecting from event ${state.lastEventId}…`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(500 * (attempt + 1), 5000)));
  }
}

async function readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(block);
      if (state.finished) {
        reader.cancel().catch(() => {});
        return;
      }
    }
  }
}

function dispatch(block) {
  let id = null;
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue; // keep-alive comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return;
  if (id !== null) {
    if (id <= state.lastEventId) return; // already drawn before a reconnect
    state.lastEventId = id;
  }
  handle(type, JSON.parse(data.join('\n')));
}

function handle(type, data) {
  switch (type) {
    case 'task.created':
      state.taskId = data.id;
      phase('Queued');
      break;
    case 'task.in_progress':
      phase('Running');
      break;
    case 'step.started':
      stepStarted(data);
      phase(`Running ${data.tool}`);
      break;
    case 'step.completed':
      stepCompleted(data);
      phase('Waiting for the model');
      break;
    case 'output.delta':
      $('answer').textContent += data.text;
      phase('Writing the answer');
      break;
    case 'output.json':
      $('answer').textContent = pretty(data.output_json ?? data.json ?? data);
      break;
    case 'task.completed':
      completed(data);
      break;
    case 'task.failed':
      finish(data.error ? sentence(data.error) : 'The task failed.', data);
      break;
    case 'task.cancelled':
      finish('', data, 'Cancelled');
      break;
    default:
      break;
  }
}

function stepItem(index) {
  let item = document.querySelector(`#timeline li[data-index="${index}"]`);
  if (!item) {
    item = element('li', 'step running');
    item.dataset.index = String(index);
    $('timeline').append(item);
  }
  return item;
}

function stepStarted(step) {
  const item = stepItem(step.index);
  item.replaceChildren(
    element('span', 'tool-name', step.tool),
    element('span', 'step-state', 'running…'),
    element('div', 'hint', 'arguments'),
    element('pre', 'arguments', pretty(step.arguments)),
  );
}

function stepCompleted(step) {
  const item = stepItem(step.index);
  const failed = step.error !== undefined && step.error !== null;
  item.className = failed ? 'step failed' : 'step done';
  item.replaceChildren(
    element('span', 'tool-name', step.tool),
    element('span', 'step-state', `${failed ? 'error' : 'done'} in ${step.duration_ms} ms`),
    element('div', 'hint', 'arguments'),
    element('pre', 'arguments', pretty(step.arguments)),
    element('div', 'hint', failed ? 'error' : 'result'),
    element('pre', failed ? 'error' : 'result', failed ? step.error : pretty(step.result)),
  );
}

function completed(task) {
  if (task.output_json !== undefined) {
    $('answer').textContent = pretty(task.output_json);
  } else if (typeof task.output === 'string') {
    $('answer').textContent = task.output;
  }
  const sources = (task.sources || []).filter((s) => /^https?:\/\//i.test(s.url));
  for (const source of sources) {
    const link = element('a', '', source.title || source.url);
    link.href = source.url;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    const item = element('li');
    item.append(link, element('span', 'hint', ` (${source.status})`));
    $('sources').append(item);
  }
  $('sources-block').hidden = sources.length === 0;
  finish('', task, `Completed in ${task.duration_ms ?? Math.round(performance.now() - state.startedAt)} ms`);
}

function finish(problem, task, statusText) {
  running(false);
  state.phase = null;
  showProblem(problem);
  setStatus(statusText || (problem ? 'Failed' : 'Done'));
  if (task?.usage) $('usage').textContent = usageText(task);
}

function usageText(task) {
  const { input_tokens: input, output_tokens: output, cost_usd: cost } = task.usage;
  let text = `${input} input tokens, ${output} output tokens`;
  // the service prices the tokens with the model's configured prices (GET /v1/models shows them)
  if (typeof cost === 'number') text += `, estimated cost $${cost.toFixed(6)}`;
  if (task.model) text += ` — ${task.model}`;
  return text;
}

async function cancelTask() {
  if (!state.taskId || state.finished) return;
  $('cancel').disabled = true;
  phase('Cancelling');
  const response = await api(`/v1/tasks/${encodeURIComponent(state.taskId)}/cancel`, { method: 'POST' });
  if (!response.ok) {
    showProblem(await problemOf(response));
    $('cancel').disabled = false;
  }
  // the stream delivers task.cancelled, which ends the run view
}

// ---- wiring -----------------------------------------------------------------------------------------------------

function init() {
  $('api-key').value = apiKey();
  showKeyState();
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('api-key').value.trim());
    showKeyState();
    loadAll();
  });
  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    $('api-key').value = '';
    showKeyState();
  });
  $('task-form').addEventListener('submit', runTask);
  $('task-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('task-form').requestSubmit();
  });
  $('cancel').addEventListener('click', cancelTask);
  $('model').addEventListener('change', applyModelCapabilities);
  initSession();
  initImage();
  loadAll();
}

init();
