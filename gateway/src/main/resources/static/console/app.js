// The console's shell: sign-in with a key, the page menu for the key's role, hash routing, log out.
import { forgetKey, get, storeKey, storedKey, whenUnauthorized, whoIs } from "./api.js";
import { announce, describe, fill, h } from "./dom.js";
import { askPage } from "./pages/ask.js";
import { documentsPage, chunksPage } from "./pages/documents.js";
import { keysPage } from "./pages/keys.js";
import { statusPage } from "./pages/status.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const who = document.getElementById("who");

/** The signed-in caller: {keyId, name, role, collections, isAdmin, all, known()}. */
let session = null;

function signedOut(message) {
  forgetKey();
  session = null;
  nav.hidden = true;
  who.hidden = true;
  const key = h("input", {
    id: "key", type: "password", name: "key", autocomplete: "off", spellcheck: "false",
    required: true, "aria-describedby": "key-hint",
  });
  const problem = h("div", { id: "signin-problem" });
  const form = h("form", { class: "card", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in"),
    message ? h("div", { class: "error", role: "alert" }, message) : null,
    h("label", { for: "key" }, "API key"),
    key,
    h("p", { id: "key-hint", class: "hint" },
      "An admin or app key (rag_…). It stays in this browser tab only and is sent to this " +
      "gateway alone; log out or close the tab to forget it. ./rag up prints where the " +
      "bootstrap admin key is."),
    h("div", { class: "row" }, h("button", { type: "submit", id: "signin" }, "Sign in")),
    problem);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fill(problem);
    try {
      const me = await whoIs(key.value.trim());
      storeKey(key.value.trim());
      await start(me);
    } catch (error) {
      fill(problem, h("div", { class: "error", role: "alert" },
        error.status === 401 ? "This key is unknown or revoked." : describe(error)));
    }
  });
  fill(main, form);
  key.focus();
}

async function start(me) {
  const all = me.collections.includes("*");
  session = {
    ...me,
    isAdmin: me.role === "admin",
    all,
    /** The collections this key can name: its own list, or every collection for "*" admins. */
    async known() {
      if (!all) return [...me.collections];
      if (me.role !== "admin") return [];
      const listed = await get("/v1/collections");
      return listed.map((c) => c.name);
    },
  };
  fill(document.getElementById("who-name"),
    `${me.name || me.keyId} · ${me.role} · ${all ? "all collections" : me.collections.join(", ")}`);
  for (const link of nav.querySelectorAll("[data-admin]")) link.hidden = !session.isAdmin;
  nav.hidden = false;
  who.hidden = false;
  if (!location.hash || location.hash === "#") {
    location.hash = "#/ask";
  } else {
    route();
  }
}

const pages = {
  ask: askPage,
  documents: documentsPage,
  keys: keysPage,
  status: statusPage,
};

let current = null;

function route() {
  if (!session) return;
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  let name = parts[0] || "ask";
  if (!pages[name] || (name !== "ask" && !session.isAdmin)) name = "ask";
  for (const link of nav.querySelectorAll("a")) {
    if (link.dataset.page === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (current && current.leave) current.leave();
  const view = h("div");
  fill(main, view);
  const render = name === "documents" && parts.length >= 3 ? chunksPage : pages[name];
  current = render(view, session, parts.slice(1)) || null;
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · RAG console`;
  main.focus({ preventScroll: true });
}

whenUnauthorized(() => {
  if (session) signedOut("The key was refused: it is unknown or has been revoked. Sign in again.");
});

document.getElementById("logout").addEventListener("click", () => {
  if (current && current.leave) current.leave();
  current = null;
  signedOut();
  announce("Logged out");
});

window.addEventListener("hashchange", route);

(async () => {
  const key = storedKey();
  if (!key) {
    signedOut();
    return;
  }
  try {
    await start(await whoIs(key));
  } catch (error) {
    signedOut(error.status === 401 ? "The stored key was refused. Sign in again." : describe(error));
  }
})();
