// Documents (admin keys): collections with counts, drag-and-drop upload with per-file progress from
// the ingest job API, the paged document list with name search, and a document's indexed chunks.
import { call, del, get, seg } from "../api.js";
import { announce, describe, errorBox, fill, h, when } from "../dom.js";

const PAGE_SIZE = 20;
const PARALLEL_UPLOADS = 3;
const FINAL = new Set(["INDEXED", "UNCHANGED", "SKIPPED", "DELETED", "FAILED"]);

export function documentsPage(view, session) {
  const timers = new Set();
  const collectionsBox = h("div");
  const target = h("input", {
    id: "collection", type: "text", name: "collection", list: "collection-names",
    required: true, pattern: "[a-z0-9][a-z0-9_-]{0,63}", autocomplete: "off",
    "aria-describedby": "collection-hint",
  });
  const names = h("datalist", { id: "collection-names" });
  const files = h("input", { id: "files", type: "file", name: "files", multiple: true });
  const drop = h("div", { class: "dropzone", id: "dropzone" },
    h("p", {}, "Drop files here, or choose them:"),
    h("label", { for: "files" }, "Files to upload"), files,
    h("p", { class: "hint" },
      "PDF, DOCX, HTML, EPUB, Markdown, text, CSV/TSV, XLSX/ODS, PPTX/ODP and e-mail (.eml). " +
      "Uploading a file name again replaces that document with a new version."));
  const uploads = h("tbody");
  const uploadTable = h("div", { class: "table-wrap", hidden: true },
    h("table", { "aria-label": "Uploads" },
      h("thead", {}, h("tr", {}, h("th", {}, "File"), h("th", {}, "State"),
        h("th", { class: "hide-narrow" }, "Progress"), h("th", {}, "Details"))),
      uploads));
  const search = h("input", { id: "search", type: "search", name: "q", autocomplete: "off" });
  const state = h("select", { id: "state", name: "state" },
    h("option", { value: "" }, "any"), h("option", { value: "INDEXED" }, "indexed"),
    h("option", { value: "INGESTING" }, "ingesting"), h("option", { value: "FAILED" }, "failed"));
  const documents = h("div", { id: "documents" });

  fill(view,
    h("h1", {}, "Documents"),
    h("h2", {}, "Collections"), collectionsBox,
    h("h2", {}, "Upload"),
    h("label", { for: "collection" }, "Collection"), target, names,
    h("p", { id: "collection-hint", class: "hint" },
      "Pick a collection, or type a new name (lower-case letters, digits, - and _) to create it."),
    drop, uploadTable,
    h("h2", {}, "Documents"),
    h("div", { class: "row" },
      h("div", { class: "grow" }, h("label", { for: "search" }, "Search by name"), search),
      h("div", {}, h("label", { for: "state" }, "State"), state)),
    documents);

  let cursors = [null];
  let page = 0;

  async function loadCollections() {
    try {
      // The gateway narrows the list to the key's collections; a limited key's own names that
      // hold nothing yet are shown too, as upload targets.
      const listed = await get("/v1/collections");
      const known = session.all ? listed.map((c) => c.name) : [...session.collections];
      const counts = session.all ? listed : known.map((name) =>
        listed.find((c) => c.name === name) || { name, missing: true });
      fill(names, known.map((name) => h("option", { value: name })));
      if (!target.value && known.length > 0) {
        const remembered = sessionStorage.getItem("rag.console.collection");
        target.value = remembered && known.includes(remembered) ? remembered : known[0];
        loadDocuments(true);
      }
      fill(collectionsBox, counts.length === 0
        ? h("p", {}, "No collections yet: upload files to create one.")
        : h("div", { class: "table-wrap" }, h("table", { id: "collections" },
          h("thead", {}, h("tr", {}, h("th", {}, "Collection"), h("th", {}, "Documents"),
            h("th", {}, "Chunks"))),
          h("tbody", {}, counts.map((c) => h("tr", {},
            h("td", {}, h("button", {
              type: "button", class: "secondary", dataset: { collection: c.name },
              onclick: () => { target.value = c.name; changed(); },
            }, c.name)),
            h("td", {}, c.missing ? "none yet" : String(c.documents)),
            h("td", {}, c.missing ? "" : String(c.chunks ?? ""))))))));
    } catch (error) {
      fill(collectionsBox, errorBox(error));
    }
  }

  function changed() {
    sessionStorage.setItem("rag.console.collection", target.value.trim());
    loadDocuments(true);
  }

  async function loadDocuments(restart) {
    const collection = target.value.trim();
    if (!collection) {
      fill(documents);
      return;
    }
    if (restart) {
      cursors = [null];
      page = 0;
    }
    const query = new URLSearchParams({ size: String(PAGE_SIZE) });
    if (cursors[page]) query.set("cursor", cursors[page]);
    if (search.value.trim()) query.set("q", search.value.trim());
    if (state.value) query.set("state", state.value);
    try {
      const list = await get(`/v1/collections/${seg(collection)}/documents?${query}`);
      cursors[page + 1] = list.next;
      const previous = h("button", { type: "button", class: "secondary", disabled: page === 0,
        onclick: () => { page--; loadDocuments(false); } }, "Previous");
      const next = h("button", { type: "button", class: "secondary", disabled: !list.next,
        onclick: () => { page++; loadDocuments(false); } }, "Next");
      const first = list.total === 0 ? 0 : page * PAGE_SIZE + 1;
      fill(documents,
        h("p", { class: "meta", role: "status" },
          `${list.total} document${list.total === 1 ? "" : "s"} in ${collection}` +
          (list.total > 0 ? `; showing ${first}–${page * PAGE_SIZE + list.items.length}` : "")),
        list.items.length === 0 ? null : h("div", { class: "table-wrap" },
          h("table", { id: "document-list" },
            h("thead", {}, h("tr", {}, h("th", {}, "Document"), h("th", {}, "Version"),
              h("th", {}, "State"), h("th", { class: "hide-narrow" }, "Chunks"),
              h("th", { class: "hide-narrow" }, "Updated"), h("th", {}, "Actions"))),
            h("tbody", {}, list.items.map((d) => documentRow(collection, d))))),
        h("div", { class: "pager" }, previous, next));
    } catch (error) {
      fill(documents, error.status === 404
        ? h("p", {}, `The collection ${collection} does not exist yet: upload files to create it.`)
        : errorBox(error));
    }
  }

  function documentRow(collection, d) {
    return h("tr", { dataset: { document: d.id } },
      h("td", {}, h("div", {}, d.title || d.id), h("div", { class: "meta" }, d.id)),
      h("td", {}, String(d.version)),
      h("td", { class: "state" }, d.status),
      h("td", { class: "hide-narrow" }, String(d.chunkCount)),
      h("td", { class: "hide-narrow" }, when(d.updatedAt)),
      h("td", {}, h("div", { class: "row" },
        h("a", { href: `#/documents/${seg(collection)}/${seg(d.id)}`,
          "aria-label": `Chunks of ${d.id}` }, "Chunks"),
        h("button", {
          type: "button", class: "danger", "aria-label": `Delete ${d.id}`,
          onclick: async (event) => {
            if (!confirm(`Delete ${d.id} from ${collection}? It leaves both indexes.`)) return;
            event.currentTarget.disabled = true;
            try {
              await del(`/v1/collections/${seg(collection)}/documents/${seg(d.id)}`);
              announce(`Deleting ${d.id}`);
              setTimeout(() => { loadDocuments(false); loadCollections(); }, 1000);
            } catch (error) {
              event.target.closest("td").append(errorBox(error));
            }
          },
        }, "Delete"))));
  }

  async function upload(list) {
    const collection = target.value.trim();
    if (!collection || !target.checkValidity()) {
      target.focus();
      target.reportValidity();
      return;
    }
    uploadTable.hidden = false;
    const queue = [...list].map((file) => ({ file, row: uploadRow(file) }));
    queue.forEach((item) => uploads.prepend(item.row.element));
    announce(`Uploading ${queue.length} file${queue.length === 1 ? "" : "s"}`);
    const workers = Array.from({ length: PARALLEL_UPLOADS }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        await uploadOne(collection, item.file, item.row);
      }
    });
    await Promise.all(workers);
    loadCollections();
    loadDocuments(false);
  }

  async function uploadOne(collection, file, row) {
    const form = new FormData();
    form.append("files", file, file.name);
    try {
      const accepted = await call("POST", `/v1/collections/${seg(collection)}/documents`, { form });
      row.update("accepted", "", null);
      await follow(accepted.jobId, row);
    } catch (error) {
      row.update("refused", describe(error), null, true);
    }
  }

  function follow(jobId, row) {
    return new Promise((resolve) => {
      const poll = async () => {
        try {
          const job = await get(`/v1/ingest-jobs/${seg(jobId)}`);
          const item = (job.items || [])[0];
          if (item) {
            const failed = item.status === "FAILED";
            row.update(stage(item), failed ? item.error || "failed" : counts(item), item, failed);
            if (FINAL.has(item.status)) {
              timers.delete(timer);
              resolve();
              return;
            }
          }
        } catch (error) {
          row.update("unknown", describe(error), null, true);
          resolve();
          return;
        }
        timer = setTimeout(poll, 1000);
        timers.add(timer);
      };
      let timer = setTimeout(poll, 300);
      timers.add(timer);
    });
  }

  target.addEventListener("change", changed);
  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => loadDocuments(true), 250);
  });
  state.addEventListener("change", () => loadDocuments(true));
  files.addEventListener("change", () => {
    if (files.files.length > 0) upload(files.files).finally(() => { files.value = ""; });
  });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length > 0) upload(event.dataTransfer.files);
  });

  loadCollections();
  return { leave: () => timers.forEach(clearTimeout) };
}

/** Where an item of an ingest job is: parsed → embedded → indexed. */
function stage(item) {
  switch (item.status) {
    case "PENDING": return "waiting";
    case "PUBLISHING": return "parsing";
    case "PUBLISHED":
      return item.chunksEmbedded < item.chunksParsed ? "embedding" : "indexing";
    case "INDEXED": return "INDEXED";
    case "UNCHANGED": return "unchanged";
    case "SKIPPED": return "skipped";
    case "FAILED": return "FAILED";
    default: return item.status.toLowerCase();
  }
}

function counts(item) {
  if (item.status === "UNCHANGED") return "the same content is already indexed";
  return `${item.chunksParsed} parsed · ${item.chunksEmbedded} embedded · ${item.chunksIndexed} indexed`;
}

function uploadRow(file) {
  const stateCell = h("td", { class: "state" }, "uploading");
  const bar = h("progress", { max: "1", value: "0", "aria-label": `Progress of ${file.name}` });
  const details = h("td", { class: "details" });
  const element = h("tr", { dataset: { file: file.name } },
    h("td", {}, file.name), stateCell, h("td", { class: "hide-narrow" }, bar), details);
  return {
    element,
    update(state, text, item, failed) {
      fill(stateCell, failed ? h("span", { class: "bad" }, state)
        : state === "INDEXED" ? h("span", { class: "ok" }, state) : state);
      fill(details, failed ? h("span", { role: "alert" }, text) : text);
      if (item && item.chunksParsed > 0) {
        bar.max = item.chunksParsed * 2;
        bar.value = item.chunksEmbedded + item.chunksIndexed;
      }
      if (state === "INDEXED" || state === "unchanged") {
        bar.max = 1;
        bar.value = 1;
      }
    },
  };
}

/** A document's chunks exactly as retrieval indexed them. */
export function chunksPage(view, session, [collection, documentId]) {
  const list = h("div", { id: "chunks" });
  fill(view,
    h("p", {}, h("a", { href: "#/documents" }, "← Documents")),
    h("h1", {}, "Chunks of ", documentId),
    list);
  const load = async (page) => {
    try {
      const chunks = await get(`/v1/collections/${seg(collection)}/documents/${seg(documentId)}` +
        `/chunks?page=${page}&size=${PAGE_SIZE}`);
      const pages = Math.max(1, Math.ceil(chunks.total / PAGE_SIZE));
      fill(list,
        h("p", { class: "meta", role: "status" }, chunks.version === null
          ? "No chunk of this document is indexed (yet)."
          : `${chunks.title || documentId} · version ${chunks.version} · ${chunks.total} chunks` +
            ` in ${collection} · page ${page + 1} of ${pages}`),
        chunks.items.map((c) => h("section", { class: "chunk", "aria-label": `Chunk ${c.ordinal + 1}` },
          h("div", { class: "meta" }, [`#${c.ordinal + 1}`,
            (c.sectionPath || []).join(" › ") || null,
            c.page ? `page ${c.page}` : null, `${c.tokenCount} tokens`,
            `characters ${c.startOffset}–${c.endOffset}`].filter(Boolean).join(" · ")),
          h("pre", {}, c.text))),
        h("div", { class: "pager" },
          h("button", { type: "button", class: "secondary", disabled: page === 0,
            onclick: () => load(page - 1) }, "Previous"),
          h("button", { type: "button", class: "secondary", disabled: page + 1 >= pages,
            onclick: () => load(page + 1) }, "Next")));
    } catch (error) {
      fill(list, errorBox(error));
    }
  };
  load(0);
}
