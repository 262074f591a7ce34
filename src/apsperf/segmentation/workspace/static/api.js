// The workspace's API client and a tiny DOM helper. Every value from the file reaches the
// page as text (textContent), never as markup.

const KEY = "apsperf-council-token";

function takeToken() {
  const params = new URLSearchParams(window.location.search);
  const given = params.get("token");
  if (given) {
    // Kept for this tab only; the address no longer shows it (history, screenshots).
    window.sessionStorage.setItem(KEY, given);
    window.history.replaceState(null, "", window.location.pathname);
    return given;
  }
  return window.sessionStorage.getItem(KEY);
}

const token = takeToken();

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

// A JSON request; refusals become an ApiError carrying the server's message.
export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const options = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data;
  try {
    data = await response.json();
  } catch {
    data = { error: `the workspace answered ${response.status}` };
  }
  if (!response.ok) {
    throw new ApiError(response.status, data.error || `error ${response.status}`, data.field);
  }
  return data;
}

// An element with attributes and children; strings become text nodes.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return node;
}

export function percent(share) {
  return `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%`;
}
