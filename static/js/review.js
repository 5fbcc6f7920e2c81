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

// 认可 / 不认可 without reloading the page: the verdict is sent in the background and shown in place (without
// JavaScript the form posts and the page comes back at the same warning).
(function () {
  "use strict";
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("form.verdict") || event.defaultPrevented) return;
    event.preventDefault();
    const box = form.closest(".warning-review");
    const said = box.querySelector(".verdict-message");
    const data = new FormData(form);
    if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
    let answer;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" },
      });
      answer = await response.json();
      answer.ok = response.ok;
    } catch (error) {
      answer = { ok: false, message: "网络错误，审核意见未保存；请重试。" };
    }
    said.textContent = answer.message;
    said.classList.toggle("error", !answer.ok);
    if (!answer.ok) return;
    box.querySelector(".verdict-status").textContent = answer.status;
    box.classList.toggle("pending", answer.pending);
    const all = document.getElementById("accept-all");
    if (all) {
      if (answer.pending_count < 2) {
        all.form.remove();
      } else {
        all.textContent = all.dataset.label.replace("{count}", answer.pending_count);
        all.dataset.confirm = all.dataset.confirmLabel.replace("{count}", answer.pending_count);
      }
    }
  });
})();
