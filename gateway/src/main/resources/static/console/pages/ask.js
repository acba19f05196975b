// Ask: a question box per collection, the answer streamed as it is produced, numbered citations
// that open the cited passage, warnings in plain words, follow-up questions in one conversation.
import { get, seg, stream } from "../api.js";
import { announce, copyText, describe, errorBox, fill, h } from "../dom.js";

/** What each answer warning means for a reader. */
const WARNINGS = {
  "prompt-injection": (w) =>
    `Source ${w.source ?? ""} contains text that reads like instructions to the assistant. ` +
    "It was treated as plain data and not followed; read that source with care.",
  "rerank-unavailable": () =>
    "The reranker was unavailable, so sources are in search order; the answer may be less precise.",
  "retrieval-degraded": () =>
    "Search ran in a reduced mode (one of its two searches failed); relevant passages may be missing.",
  "model-unavailable": () =>
    "The language model could not be used; the answer is made of quoted sentences instead.",
  "invalid-citation": () =>
    "The answer cited a source that does not exist; that citation was removed.",
  "no-source-fits": () => "No source fitted into the model's context, so nothing could be quoted.",
  "generation-timeout": () => "The answer took too long and was cut short.",
};

const IDK = /^\s*I don['’]t know\b/i;

export function askPage(view, session) {
  const controller = { abort: null };
  const conversations = new Map(); // collection -> [{question, answer}]
  const picker = h("div");
  const thread = h("section", { "aria-label": "Conversation" });
  const question = h("textarea", {
    id: "question", name: "question", required: true, rows: 3,
    "aria-describedby": "question-hint", maxlength: 4000,
  });
  const ask = h("button", { type: "submit", id: "ask" }, "Ask");
  const reset = h("button", { type: "button", class: "secondary", id: "new-conversation" },
    "New conversation");
  const form = h("form", { "aria-label": "Ask a question" },
    h("label", { for: "question" }, "Question"),
    question,
    h("p", { id: "question-hint", class: "hint" },
      "Enter sends, Shift+Enter starts a new line. Follow-up questions continue the conversation."),
    h("div", { class: "row" }, ask, reset));
  const dialog = passageDialog();
  fill(view, h("h1", {}, "Ask"), picker, thread, form, dialog.element);

  let collectionInput = null;
  const collection = () => (collectionInput ? collectionInput.value.trim() : "");
  const turns = () => {
    const c = collection();
    if (!conversations.has(c)) conversations.set(c, []);
    return conversations.get(c);
  };
  const redraw = () => {
    fill(thread);
    for (const turn of turns()) thread.append(turn.element);
  };

  (async () => {
    let names = [];
    try {
      names = await session.known();
    } catch (error) {
      picker.append(errorBox(error));
    }
    if (names.length > 0) {
      collectionInput = h("select", { id: "collection", name: "collection" },
        names.map((name) => h("option", { value: name }, name)));
      const remembered = sessionStorage.getItem("rag.console.collection");
      if (remembered && names.includes(remembered)) collectionInput.value = remembered;
    } else {
      collectionInput = h("input", {
        id: "collection", type: "text", name: "collection", required: true,
        pattern: "[a-z0-9][a-z0-9_-]{0,63}", placeholder: "samples",
      });
    }
    collectionInput.addEventListener("change", () => {
      sessionStorage.setItem("rag.console.collection", collection());
      redraw();
    });
    fill(picker, h("label", { for: "collection" }, "Collection"), collectionInput,
      names.length === 0 && session.all
        ? h("p", { class: "hint" }, "This key may use every collection: type its name.")
        : null);
  })();

  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  reset.addEventListener("click", () => {
    if (controller.abort) controller.abort.abort();
    conversations.set(collection(), []);
    redraw();
    question.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text || !collection()) return;
    if (controller.abort) controller.abort.abort();
    controller.abort = new AbortController();
    const history = turns().filter((t) => t.answer).flatMap((t) => [
      { role: "user", content: t.question },
      { role: "assistant", content: t.answer },
    ]);
    const turn = { question: text, answer: null, element: null };
    const target = collection();
    turn.element = renderTurn(turn, target, dialog);
    turns().push(turn);
    thread.append(turn.element);
    question.value = "";
    ask.disabled = true;
    try {
      await answer(turn, target, history, controller.abort.signal);
    } finally {
      ask.disabled = false;
      question.focus();
    }
  });

  return { leave: () => controller.abort && controller.abort.abort() };

  async function answer(turn, target, history, signal) {
    const parts = turn.parts;
    const body = { question: turn.question, collection: target, stream: true };
    if (history.length > 0) body.messages = history;
    let streamed = "";
    try {
      await stream("/v1/answers", body, (name, data) => {
        if (name === "sources") {
          fill(parts.status, `Found ${(data.sources || []).length} sources; writing the answer…`);
        } else if (name === "delta") {
          streamed += data.text || "";
          parts.text.textContent = streamed;
        } else if (name === "done") {
          finish(turn, target, data);
        } else if (name === "error") {
          parts.text.removeAttribute("aria-busy");
          fill(parts.status, errorBox({ problem: data }));
        }
      }, signal);
    } catch (error) {
      parts.text.removeAttribute("aria-busy");
      if (error.name !== "AbortError") fill(parts.status, errorBox(error));
    }
  }
}

function renderTurn(turn, collection, dialog) {
  const text = h("div", { class: "answer", "aria-busy": "true" });
  const status = h("p", { class: "meta", role: "status" }, "Searching…");
  const rewritten = h("div");
  const notes = h("div");
  const sources = h("div");
  const actions = h("div", { class: "row" });
  const root = h("article", { class: "card turn", "aria-label": `Question: ${turn.question}` },
    h("p", { class: "turn-question" }, turn.question),
    rewritten, text, status, notes, sources, actions);
  turn.parts = { text, status, rewritten, notes, sources, actions, collection, dialog };
  return root;
}

function finish(turn, collection, result) {
  const { text, status, rewritten, notes, sources, actions, dialog } = turn.parts;
  turn.answer = result.answer || "";
  const citations = result.citations || [];
  const byNumber = new Map(citations.map((c) => [c.number, c]));
  const spans = result.spans || [];
  const quoted = (c) => spans.filter((s) => s.source === c.number && s.chunkId === c.chunkId);
  text.removeAttribute("aria-busy");
  fill(text, withCitations(turn.answer, byNumber, (c, button) =>
    dialog.open(collection, c, button, quoted(c))));
  fill(status);
  if (result.rewrittenQuery && result.rewrittenQuery !== turn.question) {
    fill(rewritten, h("p", { class: "rewritten" }, `Searched for: ${result.rewrittenQuery}`));
  }
  const warnings = (result.warnings || []).map((w) =>
    h("p", { class: "warning" }, (WARNINGS[w.kind] || (() => w.detail || w.kind))(w)));
  if (IDK.test(turn.answer) || result.finishReason === "no-sources") {
    warnings.unshift(h("p", { class: "warning" },
      "The documents in this collection do not answer this question."));
  }
  fill(notes, warnings);
  if (citations.length > 0) {
    fill(sources, h("h2", {}, "Sources"),
      h("ol", { class: "sources" }, citations.map((c) => h("li", { value: c.number },
        h("button", {
          type: "button", class: "source", dataset: { number: c.number },
          onclick: (event) => dialog.open(collection, c, event.currentTarget, quoted(c)),
        }, c.title || c.documentId),
        " ", h("span", { class: "meta" }, place(c))))));
  }
  const copied = h("span", { class: "meta", role: "status" });
  fill(actions,
    h("button", {
      type: "button", class: "secondary copy",
      onclick: async () => {
        try {
          await copyText(plainText(turn.answer, citations));
          fill(copied, "Copied.");
        } catch (error) {
          fill(copied, `Could not copy: ${describe(error)}`);
        }
      },
    }, "Copy answer with sources"),
    copied);
  announce("Answer ready");
}

/** The answer with each [n] marker as a button that opens source n. */
function withCitations(answer, byNumber, open) {
  const nodes = [];
  let last = 0;
  for (const match of answer.matchAll(/\[(\d+)\]/g)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    nodes.push(answer.slice(last, match.index));
    const button = h("button", {
      type: "button", class: "cite", dataset: { number: citation.number },
      "aria-label": `Source ${citation.number}: ${citation.title || citation.documentId}`,
    }, `[${citation.number}]`);
    button.addEventListener("click", () => open(citation, button));
    nodes.push(button);
    last = match.index + match[0].length;
  }
  nodes.push(answer.slice(last));
  return nodes;
}

function place(c) {
  return [c.section, c.page ? `page ${c.page}` : null, c.documentId].filter(Boolean).join(" · ");
}

function plainText(answer, citations) {
  if (citations.length === 0) return answer;
  const lines = citations.map((c) => `[${c.number}] ${c.title || c.documentId} (${place(c)})`);
  return `${answer}\n\nSources:\n${lines.join("\n")}`;
}

/** The dialog that shows a cited passage: the whole chunk as indexed, the cited text marked. */
function passageDialog() {
  const heading = h("h2", { id: "passage-title" });
  const body = h("div", { class: "dialog-body" });
  const close = h("button", { type: "button", class: "secondary", id: "passage-close" }, "Close");
  const element = h("dialog", { id: "passage", "aria-labelledby": "passage-title" },
    h("header", {}, heading, close), body);
  let opener = null;
  close.addEventListener("click", () => element.close());
  element.addEventListener("close", () => opener && opener.focus());
  return {
    element,
    /** `spans`: the answer's quoted sentences in this chunk (offsets), marked when present. */
    async open(collection, citation, from, spans = []) {
      opener = from;
      fill(heading, `[${citation.number}] ${citation.title || citation.documentId}`);
      fill(body, h("p", { class: "meta" }, place(citation)), h("p", {}, "Loading the passage…"));
      element.showModal();
      close.focus();
      const snippet = (citation.snippet || "").replace(/\s*…$/, "");
      try {
        const chunk = await citedChunk(collection, citation);
        const passage = h("div", { class: "passage", id: "passage-text" });
        if (chunk) {
          fill(passage, markedSpans(chunk.text, spans) || marked(chunk.text, snippet));
        } else {
          fill(passage, h("mark", {}, snippet));
        }
        fill(body, h("p", { class: "meta" }, place(citation)),
          chunk ? null : h("p", { class: "warning" },
            "This passage is no longer in the index (the document changed since); the cited text:"),
          passage);
        const highlight = passage.querySelector("mark");
        if (highlight) highlight.scrollIntoView({ block: "center" });
      } catch (error) {
        fill(body, h("p", { class: "meta" }, place(citation)), errorBox(error),
          h("div", { class: "passage" }, h("mark", {}, snippet)));
      }
    },
  };
}

async function citedChunk(collection, citation) {
  const ordinal = Number(String(citation.chunkId).split("#").pop());
  const size = 100;
  const page = Number.isFinite(ordinal) ? Math.floor(ordinal / size) : 0;
  const list = await get(`/v1/collections/${seg(collection)}/documents/${seg(citation.documentId)}` +
    `/chunks?page=${page}&size=${size}`);
  return (list.items || []).find((c) => c.chunkId === citation.chunkId) || null;
}

/**
 * `text` with each span's [start, end) marked, or null when there are none or any does not fit
 * the text (the chunk changed since the answer): the caller then marks the snippet instead.
 */
function markedSpans(text, spans) {
  const ranges = spans.map((s) => [s.start, s.end]).sort((a, b) => a[0] - b[0]);
  const fits = ranges.every(([start, end], i) => Number.isInteger(start) && Number.isInteger(end)
    && start >= 0 && start < end && end <= text.length && (i === 0 || start >= ranges[i - 1][1]));
  if (ranges.length === 0 || !fits) return null;
  const nodes = [];
  let last = 0;
  for (const [start, end] of ranges) {
    nodes.push(text.slice(last, start), h("mark", {}, text.slice(start, end)));
    last = end;
  }
  nodes.push(text.slice(last));
  return nodes;
}

/** `text` with `snippet` marked: exactly, else ignoring case and runs of white space. */
function marked(text, snippet) {
  if (!snippet) return [text];
  let start = text.indexOf(snippet);
  let length = snippet.length;
  if (start < 0) {
    const words = snippet.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const match = new RegExp(words.join("\\s+"), "i").exec(text);
    if (match) {
      start = match.index;
      length = match[0].length;
    }
  }
  if (start < 0) return [text];
  return [text.slice(0, start), h("mark", {}, text.slice(start, start + length)),
    text.slice(start + length)];
}
