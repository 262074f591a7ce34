// The nine boxes: counts, shares, cards, paging, and drag-and-drop between boxes.
import { el, percent } from "./api.js";

const LEVELS = ["low", "moderate", "high"];

// Where a box sits: potential rises up the rows, performance to the right.
function place(box) {
  return {
    row: 3 - LEVELS.indexOf(box.potential),
    column: LEVELS.indexOf(box.performance) + 1,
  };
}

function card(person, box, handlers, selected) {
  const details = person.fields
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `${name}: ${value}`);
  if (person.assessor) details.push(`Assessor: ${person.assessor}`);
  const marks = [];
  if (person.moved) marks.push(el("span", { class: "mark moved", text: "moved" }));
  if (person.notes) marks.push(el("span", { class: "mark", text: `${person.notes} note(s)` }));
  return el(
    "li",
    {},
    el(
      "button",
      {
        type: "button",
        class: "card",
        draggable: "true",
        "data-id": person.employee_id,
        "aria-pressed": selected === person.employee_id ? "true" : "false",
        ondragstart: (event) => {
          event.dataTransfer.setData("text/plain", person.employee_id);
          event.dataTransfer.effectAllowed = "move";
        },
        onclick: () => handlers.select(person, box),
      },
      el("strong", { class: "id", text: person.employee_id }),
      ...marks,
      el("span", { class: "details", text: details.join(" · ") }),
    ),
  );
}

function pager(box, handlers) {
  if (box.pages <= 1) return null;
  return el(
    "nav",
    { class: "pager", "aria-label": `Pages of ${box.label}` },
    el("button", {
      type: "button",
      text: "Previous",
      disabled: box.page <= 1,
      onclick: () => handlers.page(box.segment, box.page - 1),
    }),
    el("span", { text: ` Page ${box.page} of ${box.pages} ` }),
    el("button", {
      type: "button",
      text: "Next",
      disabled: box.page >= box.pages,
      onclick: () => handlers.page(box.segment, box.page + 1),
    }),
  );
}

function boxElement(box, totals, handlers, selected) {
  const { row, column } = place(box);
  const headingId = `box-${box.segment}`;
  const whole = totals[box.segment];
  const section = el(
    "section",
    {
      class: "box",
      "data-segment": box.segment,
      "aria-labelledby": headingId,
    },
    el(
      "h3",
      { id: headingId },
      el("span", { class: "label", text: box.label }),
      " ",
      el("span", { class: "count", text: `${box.count.toLocaleString()} (${percent(box.share)})` }),
    ),
    whole
      ? el("p", {
          class: "whole",
          text: `Everyone: ${whole.proposed.toLocaleString()} proposed, ${whole.calibrated.toLocaleString()} calibrated`,
        })
      : null,
    el("ul", { class: "cards" }, box.cards.map((p) => card(p, box, handlers, selected))),
    pager(box, handlers),
  );
  section.classList.add(`row-${row}`, `column-${column}`);
  section.addEventListener("dragover", (event) => {
    event.preventDefault();
    section.classList.add("target");
  });
  section.addEventListener("dragleave", () => section.classList.remove("target"));
  section.addEventListener("drop", (event) => {
    event.preventDefault();
    section.classList.remove("target");
    const id = event.dataTransfer.getData("text/plain");
    if (id) handlers.drop(id, box);
  });
  return section;
}

export function renderGrid(target, grid, totals, handlers, selected) {
  target.replaceChildren(...grid.boxes.map((box) => boxElement(box, totals, handlers, selected)));
}
