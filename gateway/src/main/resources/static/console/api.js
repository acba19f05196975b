// The console's only way to the platform: the public /v1 API on this origin, with the user's key.
// The key lives in sessionStorage (this tab, until it closes or the user logs out), never in
// localStorage, cookies or the URL.

const KEY = "rag.console.key";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let onUnauthorized = () => {};

/** What to do when the key is refused (401): the app signs the user out. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** A path segment, percent-encoded (document ids hold ':' and may hold spaces). */
export function seg(value) {
  return encodeURIComponent(value);
}

async function send(method, path, { body, form, accept, key, signal } = {}) {
  const headers = { Authorization: `Bearer ${key || storedKey()}` };
  if (accept) headers.Accept = accept;
  let payload;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, signal, cache: "no-store" });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      problem = { status: response.status, title: response.statusText };
    }
    if (response.status === 401 && !key) onUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** A JSON call; null for 204. */
export async function call(method, path, options = {}) {
  const response = await send(method, path, options);
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : response.text();
}

export const get = (path, options) => call("GET", path, options);
export const post = (path, body, options = {}) => call("POST", path, { ...options, body });
export const del = (path) => call("DELETE", path);

/** Checks a key without storing it: the caller it belongs to (GET /v1/me). */
export function whoIs(key) {
  return call("GET", "/v1/me", { key });
}

/**
 * POST `body` and read the Server-Sent Events of the answer (`sources`, `delta`, `done`, `error`),
 * calling `onEvent(name, data)` for each as it arrives.
 */
export async function stream(path, body, onEvent, signal) {
  const response = await send("POST", path, { body, accept: "text/event-stream", signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }
  if (buffer.trim()) dispatch(buffer, onEvent);
}

function dispatch(block, onEvent) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    if (field === "data") data.push(value);
  }
  if (data.length === 0) return;
  const text = data.join("\n");
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: passed on as text
  }
  onEvent(name, parsed);
}
