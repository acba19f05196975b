// Status (admin keys): each service's health and the ingestion lag, refreshed every few seconds
// while the page is open, with the Grafana dashboards linked when the gateway knows where they are.
import { get } from "../api.js";
import { errorBox, fill, h, when } from "../dom.js";

const REFRESH_MS = 5000;

export function statusPage(view) {
  const body = h("div", { id: "status" });
  const refresh = h("button", { type: "button", class: "secondary", id: "refresh" }, "Refresh");
  fill(view, h("div", { class: "row" }, h("h1", { class: "grow" }, "Status"), refresh), body);
  let timer = null;

  async function load() {
    clearTimeout(timer);
    try {
      const status = await get("/v1/admin/status");
      fill(body,
        h("p", { class: "meta" }, `Checked ${when(status.checkedAt)}.`),
        status.grafanaUrl
          ? h("p", {}, h("a", { href: status.grafanaUrl, rel: "noopener noreferrer", target: "_blank" },
            "Open the Grafana dashboards"))
          : h("p", { class: "hint" },
            "Dashboards: set rag.gateway.status.grafana-url (RAG_GRAFANA_URL) to link Grafana here."),
        h("h2", {}, "Services"),
        h("div", { class: "table-wrap" }, h("table", { id: "services" },
          h("thead", {}, h("tr", {}, h("th", {}, "Service"), h("th", {}, "Health"),
            h("th", {}, "Components"))),
          h("tbody", {}, status.services.map((s) => h("tr", { dataset: { service: s.name } },
            h("td", {}, s.name),
            h("td", {}, h("span", { class: s.status === "UP" ? "ok" : "bad" }, s.status),
              s.detail ? h("div", { class: "meta" }, s.detail) : null),
            h("td", {}, Object.entries(s.components || {})
              .map(([name, state]) => `${name}: ${state}`).join(", ") || "—")))))),
        h("h2", {}, "Ingestion lag"),
        h("p", { class: "hint" },
          "Records each stage's consumer has yet to process; zero when ingestion has caught up."),
        h("div", { class: "table-wrap" }, h("table", { id: "lag" },
          h("thead", {}, h("tr", {}, h("th", {}, "Stage"), h("th", {}, "Topic"),
            h("th", {}, "Behind"))),
          h("tbody", {}, status.lag.map((l) => h("tr", { dataset: { stage: l.stage } },
            h("td", {}, l.stage),
            h("td", {}, l.topic),
            h("td", {}, l.lag === null ? h("span", { class: "bad" }, `unknown (${l.detail})`)
              : String(l.lag))))))));
    } catch (error) {
      fill(body, errorBox(error));
    }
    timer = setTimeout(load, REFRESH_MS);
  }
  refresh.addEventListener("click", load);
  load();
  return { leave: () => clearTimeout(timer) };
}
