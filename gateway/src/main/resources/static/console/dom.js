// Builds DOM nodes from data without ever parsing it as HTML: text from answers, document titles
// or chunk text can never become markup (the CSP forbids inline script as a second line).

/** h("button", {type: "button", onclick: f}, "text", child): an element with attributes and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `element`. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Says `text` to screen readers (a polite live region). */
export function announce(text) {
  const region = document.getElementById("announce");
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 50);
}

/** A problem detail or error as a visible, announced message. */
export function errorBox(error) {
  return h("div", { class: "error", role: "alert" }, describe(error));
}

/** The words a person needs from an error: the API's problem detail when there is one. */
export function describe(error) {
  if (error && error.problem) {
    const p = error.problem;
    return `${p.title || "Error"} (${p.status}): ${p.detail || ""}`.trim();
  }
  return error && error.message ? error.message : String(error);
}

/** A date-time as local text. */
export function when(value) {
  if (!value) return "";
  const date = new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

/** Copies text to the clipboard; a hidden text area where the Clipboard API is not available. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h("textarea", { class: "visually-hidden", "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}
