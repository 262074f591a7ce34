// The checks panels: tables of text and numbers, as the server computed them.
import { api, el } from "./api.js";

function table(panel, index) {
  const id = `panel-${index}`;
  // A plain block: the scrolling table below is the landmark that carries the title.
  return el(
    "div",
    { class: "panel" },
    el("h3", { id, text: panel.title }),
    el("p", { class: "note", text: panel.note }),
    panel.rows.length === 0
      ? el("p", { text: "Nothing to list." })
      : el(
          "div",
          { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": id },
          el(
            "table",
            {},
            el("thead", {}, el("tr", {}, panel.head.map((h) => el("th", { scope: "col", text: h })))),
            el(
              "tbody",
              {},
              panel.rows.map((row) =>
                el(
                  "tr",
                  { class: row.includes("flagged") ? "flagged" : "" },
                  row.map((cell) => el("td", { text: String(cell) })),
                ),
              ),
            ),
          ),
        ),
  );
}

export async function refreshPanels(target) {
  target.setAttribute("aria-busy", "true");
  try {
    const data = await api("/api/panels");
    target.replaceChildren(...data.panels.map(table));
    return data.version;
  } finally {
    target.setAttribute("aria-busy", "false");
  }
}
