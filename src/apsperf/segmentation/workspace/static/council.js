// The council workspace page: state, the grid, moves with reasons, undo, notes, panels.
import { api, ApiError, el } from "./api.js";
import { renderGrid } from "./grid.js";
import { refreshPanels } from "./panels.js";

const $ = (id) => document.getElementById(id);

const view = { view: "proposed", search: "", column: "", value: "", assessor: "", pages: {} };
let state = null;
let selected = null; // { person, box }
let lastGrid = null;

function say(message) {
  $("status").textContent = message;
}

function warn(message) {
  $("alert").textContent = message;
}

function who() {
  return $("who").value.trim() || undefined;
}

function failed(error) {
  if (error instanceof ApiError && error.status === 409) {
    warn(`${error.message}`);
    return refresh();
  }
  warn(error.message || String(error));
  return undefined;
}

// The reason dialog: resolves with the reason given, or null when cancelled.
function askReason(title, what) {
  const dialog = $("reason-dialog");
  $("reason-title").textContent = title;
  $("reason-what").textContent = what;
  $("reason-error").textContent = "";
  $("reason-text").value = "";
  return new Promise((resolve) => {
    const form = $("reason-form");
    const finish = (value) => {
      form.removeEventListener("submit", submit);
      $("reason-cancel").removeEventListener("click", cancel);
      dialog.removeEventListener("cancel", cancel);
      dialog.close();
      resolve(value);
    };
    const submit = (event) => {
      event.preventDefault();
      const reason = $("reason-text").value.trim();
      if (!reason) {
        $("reason-error").textContent = "A reason is required.";
        $("reason-text").focus();
        return;
      }
      finish(reason);
    };
    const cancel = (event) => {
      if (event) event.preventDefault();
      finish(null);
    };
    form.addEventListener("submit", submit);
    $("reason-cancel").addEventListener("click", cancel);
    dialog.addEventListener("cancel", cancel);
    dialog.showModal();
    $("reason-text").focus();
  });
}

function labelOf(segment) {
  return state.segments.find((s) => s.segment === segment)?.label ?? segment;
}

async function move(employeeId, to) {
  const reason = await askReason("Reason for the move", `Move ${employeeId} to ${labelOf(to)}.`);
  if (reason === null) return;
  try {
    const done = await api("/api/moves", {
      method: "POST",
      body: { employee_id: employeeId, to, reason, by: who(), expected_version: state.version },
    });
    say(`Entry ${done.entry}: ${employeeId} moved to ${labelOf(to)}.`);
    warn("");
    await refresh();
  } catch (error) {
    await failed(error);
  }
}

async function undo(entry) {
  const reason = await askReason("Reason for the undo", `Undo entry ${entry.entry} (${entry.employee_id}).`);
  if (reason === null) return;
  try {
    await api("/api/reversals", {
      method: "POST",
      body: { entry: entry.entry, reason, by: who(), expected_version: state.version },
    });
    say(`Entry ${entry.entry} undone; the undo is recorded in the log.`);
    warn("");
    await refresh();
  } catch (error) {
    await failed(error);
  }
}

function gridAddress() {
  const params = new URLSearchParams({ view: view.view });
  if (view.search) params.set("search", view.search);
  if (view.column && view.value) params.append("group", `${view.column}:${view.value}`);
  if (view.assessor) params.set("assessor", view.assessor);
  return params;
}

async function loadGrid() {
  const params = gridAddress();
  const grid = await api(`/api/grid?${params}`);
  // A box on another page than the first: ask for that page of that box.
  for (const [segment, page] of Object.entries(view.pages)) {
    if (page <= 1) continue;
    const one = new URLSearchParams(params);
    one.set("box", segment);
    one.set("page", String(page));
    const paged = await api(`/api/grid?${one}`);
    const index = grid.boxes.findIndex((b) => b.segment === segment);
    grid.boxes[index] = paged.boxes[index];
  }
  lastGrid = grid;
  const totals = Object.fromEntries(state.segments.map((s) => [s.segment, s]));
  renderGrid($("boxes"), grid, totals, handlers, selected?.person.employee_id);
  $("show-excluded").hidden = grid.excluded === 0;
}

const handlers = {
  select(person, box) {
    selected = { person, box };
    showSelected();
    for (const button of document.querySelectorAll(".card")) {
      button.setAttribute("aria-pressed", button.dataset.id === person.employee_id ? "true" : "false");
    }
    $("move-to").focus();
  },
  drop(employeeId, box) {
    move(employeeId, box.segment);
  },
  page(segment, page) {
    view.pages[segment] = page;
    loadGrid().catch(failed);
  },
};

async function showSelected() {
  if (!selected) {
    $("selected").hidden = true;
    $("selected-none").hidden = false;
    return;
  }
  const { person } = selected;
  $("selected").hidden = false;
  $("selected-none").hidden = true;
  $("selected-name").textContent = `${person.employee_id}, now in ${labelOf(person.calibrated)}`;
  const select = $("move-to");
  select.replaceChildren(
    ...state.segments.map((s) =>
      el("option", { value: s.segment, text: s.label, selected: s.segment === person.calibrated }),
    ),
  );
  const data = await api(`/api/notes?employee_id=${encodeURIComponent(person.employee_id)}`);
  $("notes").replaceChildren(
    ...(data.notes.length
      ? data.notes.map((n) => el("li", { text: `${n.text} (${n.by}, ${n.at})` }))
      : [el("li", { text: "No notes yet." })]),
  );
}

function renderState() {
  const s = state;
  const stored = state.store === "memory" ? " Held in memory only: nothing is kept when the workspace stops." : "";
  $("summary").textContent =
    `${state.proposed}: ${state.rows_placed.toLocaleString()} placed of ${state.rows_read.toLocaleString()} rows read` +
    ` (${state.rows_not_placed.toLocaleString()} not placed). Session: ${s.head.entries} entries, ` +
    (s.finalised ? `finalised by ${s.finalised_by} at ${s.finalised_at}.` : "open.") +
    ` Head digest ${s.head.digest}.` + stored;
  $("finalised-note").textContent = s.finalised
    ? `Finalised by ${s.finalised_by} at ${s.finalised_at}: the placements are locked.`
    : "Finalising locks the placements: no move, undo or note can follow.";
  for (const id of ["finalise-button", "move-button", "note-button"]) $(id).disabled = s.finalised;
  const log = state.changes.map((entry) => {
    // The list's own numbers are the entries' numbers (every entry is listed, in order).
    const text =
      entry.kind === "reversal"
        ? `Undo of entry ${entry.undoes} (${entry.employee_id}): ${entry.reason}, by ${entry.by}`
        : entry.kind === "finalisation"
          ? `Finalised by ${entry.by}`
          : `${entry.employee_id} to ${labelOf(entry.to)} (${entry.kind}): ${entry.reason}, by ${entry.by}` +
            (entry.undone ? " (undone)" : "");
    const undoable = !s.finalised && !entry.undone && (entry.kind === "move" || entry.kind === "confirmation");
    return el(
      "li",
      {},
      text,
      undoable
        ? el("button", { type: "button", class: "undo", text: `Undo entry ${entry.entry}…`, onclick: () => undo(entry) })
        : null,
    );
  });
  $("log").replaceChildren(...(log.length ? log : [el("li", { text: "No changes yet." })]));
}

function fillFilters() {
  const columns = state.filters.columns;
  $("filter-column").replaceChildren(
    el("option", { value: "", text: "No column filter" }),
    ...Object.keys(columns).map((name) => el("option", { value: name, text: name })),
  );
  $("assessor-names").replaceChildren(...state.filters.assessors.map((name) => el("option", { value: name })));
}

async function refresh() {
  state = await api("/api/state");
  renderState();
  await loadGrid();
  if (selected) {
    const found = lastGrid.boxes.flatMap((b) => b.cards).find((c) => c.employee_id === selected.person.employee_id);
    if (found) selected.person = found;
    await showSelected();
  }
  refreshPanels($("panels")).catch(failed);
}

function wire() {
  for (const radio of document.querySelectorAll('input[name="view"]')) {
    radio.addEventListener("change", () => {
      view.view = radio.value;
      loadGrid().catch(failed);
    });
  }
  let timer;
  $("search").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      view.search = $("search").value.trim();
      view.pages = {};
      loadGrid().catch(failed);
    }, 250);
  });
  $("filter-column").addEventListener("change", () => {
    view.column = $("filter-column").value;
    view.value = "";
    const values = state.filters.columns[view.column] || [];
    $("filter-value").disabled = !view.column;
    $("filter-value").replaceChildren(
      el("option", { value: "", text: "Any value" }),
      ...values.map((v) => el("option", { value: v, text: v || "(blank)" })),
    );
    view.pages = {};
    loadGrid().catch(failed);
  });
  $("filter-value").addEventListener("change", () => {
    view.value = $("filter-value").value;
    view.pages = {};
    loadGrid().catch(failed);
  });
  $("filter-assessor").addEventListener("change", () => {
    view.assessor = $("filter-assessor").value.trim();
    view.pages = {};
    loadGrid().catch(failed);
  });
  $("who").addEventListener("change", () => window.localStorage.setItem("apsperf-council-who", $("who").value));
  $("move-button").addEventListener("click", () => {
    if (selected) move(selected.person.employee_id, $("move-to").value);
  });
  $("hide-button").addEventListener("click", async () => {
    if (!selected) return;
    try {
      await api("/api/exclusions", { method: "POST", body: { employee_ids: [selected.person.employee_id] } });
      say(`${selected.person.employee_id} is hidden from view (not from the session).`);
      selected = null;
      showSelected();
      await loadGrid();
    } catch (error) {
      await failed(error);
    }
  });
  $("show-excluded").addEventListener("click", async () => {
    await api("/api/exclusions", { method: "POST", body: { clear: true } }).catch(failed);
    say("Everyone is shown again.");
    await loadGrid().catch(failed);
  });
  $("note-button").addEventListener("click", async () => {
    const text = $("note-text").value.trim();
    if (!selected || !text) {
      warn("Write the note first.");
      return;
    }
    try {
      await api("/api/notes", {
        method: "POST",
        body: { employee_id: selected.person.employee_id, text, by: who(), expected_version: state.version },
      });
      $("note-text").value = "";
      say(`Note kept on ${selected.person.employee_id}.`);
      await refresh();
    } catch (error) {
      await failed(error);
    }
  });
  $("finalise-button").addEventListener("click", async () => {
    if (!window.confirm("Finalise the session? Its placements are then locked.")) return;
    try {
      await api("/api/finalise", { method: "POST", body: { by: who(), expected_version: state.version } });
      say("The session is finalised: its placements are locked.");
      await refresh();
    } catch (error) {
      await failed(error);
    }
  });
  $("export-button").addEventListener("click", async () => {
    try {
      const done = await api("/api/export", { method: "POST", body: {} });
      say(`Written: ${done.written.join(", ")}`);
    } catch (error) {
      await failed(error);
    }
  });
}

async function start() {
  wire();
  try {
    state = await api("/api/state");
    $("who").value = window.localStorage.getItem("apsperf-council-who") || state.chair || "";
    fillFilters();
    await refresh();
  } catch (error) {
    warn(error.message || String(error));
  }
}

start();
