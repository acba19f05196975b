// Keys (admin keys): create a key (its secret is shown once), list and revoke keys, within the
// caller's own collections (the gateway enforces this; the page only offers what it may grant).
import { del, get, post } from "../api.js";
import { announce, copyText, describe, errorBox, fill, h, when } from "../dom.js";

export function keysPage(view, session) {
  const name = h("input", { id: "key-name", type: "text", name: "name", required: true,
    maxlength: 200, autocomplete: "off" });
  const role = h("select", { id: "key-role", name: "role" },
    h("option", { value: "app" }, "app: ask, retrieve and read documents"),
    h("option", { value: "admin" }, "admin: also upload, delete and manage keys"));
  const collections = h("input", { id: "key-collections", type: "text", name: "collections",
    required: true, autocomplete: "off", "aria-describedby": "key-collections-hint" });
  const created = h("div", { id: "created-key" });
  const problem = h("div");
  const list = h("div", { id: "key-list" });
  const form = h("form", { class: "card", "aria-labelledby": "new-key-title" },
    h("h2", { id: "new-key-title" }, "New key"),
    h("label", { for: "key-name" }, "Name"), name,
    h("label", { for: "key-role" }, "Role"), role,
    h("label", { for: "key-collections" }, "Collections"), collections,
    h("p", { id: "key-collections-hint", class: "hint" },
      session.all
        ? "Comma-separated collection names, or * for every collection."
        : `Comma-separated; this key may grant: ${session.collections.join(", ")}.`),
    h("div", { class: "row" }, h("button", { type: "submit", id: "create-key" }, "Create key")),
    problem);
  fill(view, h("h1", {}, "Keys"), created, form, h("h2", {}, "Keys"), list);
  if (!session.all && session.collections.length === 1) collections.value = session.collections[0];

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fill(problem);
    const names = collections.value.split(",").map((c) => c.trim()).filter(Boolean);
    try {
      const key = await post("/v1/admin/keys",
        { name: name.value.trim(), role: role.value, collections: names });
      const secret = h("code", { class: "secret", id: "new-secret" }, key.key);
      const copied = h("span", { class: "meta", role: "status" });
      fill(created, h("div", { class: "card", role: "alert" },
        h("h2", {}, `Key "${key.name}" created`),
        h("p", {}, "Copy the secret now: it is shown this once and cannot be read again."),
        secret,
        h("div", { class: "row" },
          h("button", { type: "button", class: "secondary", onclick: async () => {
            try {
              await copyText(key.key);
              fill(copied, "Copied.");
            } catch (error) {
              fill(copied, describe(error));
            }
          } }, "Copy secret"),
          h("button", { type: "button", class: "secondary",
            onclick: () => fill(created) }, "Done, hide it"),
          copied)));
      form.reset();
      load();
      created.querySelector("button").focus();
    } catch (error) {
      fill(problem, errorBox(error));
    }
  });

  async function load() {
    try {
      const keys = await get("/v1/admin/keys");
      fill(list, h("div", { class: "table-wrap" }, h("table", { id: "keys" },
        h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Role"),
          h("th", {}, "Collections"), h("th", { class: "hide-narrow" }, "Created"),
          h("th", {}, "State"))),
        h("tbody", {}, keys.map((key) => h("tr", { dataset: { key: key.id } },
          h("td", {}, h("div", {}, key.name || "(unnamed)"), h("div", { class: "meta" }, key.id)),
          h("td", {}, key.role),
          h("td", {}, key.collections.join(", ")),
          h("td", { class: "hide-narrow" }, when(key.createdAt)),
          h("td", {}, key.revokedAt
            ? `revoked ${when(key.revokedAt)}`
            : key.id === session.keyId
              ? "active (this key)"
              : h("button", {
                type: "button", class: "danger", "aria-label": `Revoke ${key.name || key.id}`,
                onclick: async (event) => {
                  if (!confirm(`Revoke the key ${key.name || key.id}? Clients using it stop working within seconds.`)) return;
                  event.currentTarget.disabled = true;
                  try {
                    await del(`/v1/admin/keys/${encodeURIComponent(key.id)}`);
                    announce(`Revoked ${key.name || key.id}`);
                    load();
                  } catch (error) {
                    event.target.closest("td").append(errorBox(error));
                  }
                },
              }, "Revoke"))))))));
    } catch (error) {
      fill(list, errorBox(error));
    }
  }
  load();
}
