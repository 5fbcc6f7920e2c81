// Clicking (or pressing Enter on) a cell of a table points the comment form at that cell.
(function () {
  "use strict";
  const form = document.getElementById("comment-form");
  if (!form) return;
  function choose(cell) {
    const [table, row, column] = cell.dataset.cell.split("|");
    form.querySelector("#comment-table").value = table;
    form.querySelector("#comment-row").value = row;
    form.querySelector("#comment-column").value = column;
    document.querySelectorAll("td.commenting").forEach((c) => c.classList.remove("commenting"));
    cell.classList.add("commenting");
    const rowLabel = cell.closest("tr").querySelector("th");
    form.querySelector("#comment-target").textContent = "批注单元格：" + (rowLabel ? rowLabel.textContent.trim() + " " : "") + (cell.textContent.trim() || "（空）");
    form.querySelector("#comment-text").focus();
  }
  document.addEventListener("click", (event) => {
    const cell = event.target.closest("td[data-cell]");
    if (cell) choose(cell);
  });
  document.addEventListener("keydown", (event) => {
    const cell = event.target.closest && event.target.closest("td[data-cell]");
    if (cell && event.key === "Enter") { event.preventDefault(); choose(cell); }
  });
})();
