// Spreadsheet-like entry for an official table: live subtotals, paste from Excel/WPS, keyboard moves,
// confirmation before removing a row with figures, and the 项 picker. No framework; the form works without it.
(function () {
  "use strict";
  const form = document.getElementById("grid-form");
  if (!form) return;
  const grid = form.querySelector("table.entry-grid");

  // Amounts in hundredths of the unit, as integers: no floating point anywhere. Typed as the server reads them
  // (apps/reports/money.py typed_text): full-width digits and signs folded (NFKC), the minus sign as "-".
  function toCents(text) {
    const cleaned = String(text).normalize("NFKC").replace(/−/g, "-").replace(/[,，\s]/g, "");
    if (cleaned === "") return null;
    const match = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(cleaned);
    if (!match || (match[2] === "" && !match[3])) return NaN;
    const cents = Number(match[2] || "0") * 100 + Number((match[3] || "").padEnd(2, "0"));
    return match[1] ? -cents : cents;
  }
  function format(cents) {
    if (cents === null) return "";
    const sign = cents < 0 ? "-" : "";
    const abs = Math.abs(cents);
    return sign + Math.floor(abs / 100) + "." + String(abs % 100).padStart(2, "0");
  }

  const computed = Array.from(grid.querySelectorAll("td[data-parts]"));
  function valueOf(id, memo) {
    if (id in memo) return memo[id];
    const element = document.getElementById(id);
    let result = null;
    if (!element) result = null;
    else if (element.tagName === "INPUT") result = toCents(element.value);
    else if (element.dataset.parts !== undefined) {
      let sum = null;
      for (const part of element.dataset.parts.split(" ").filter(Boolean)) {
        const v = valueOf(part, memo);
        if (v === null) continue;
        if (Number.isNaN(v)) { sum = NaN; break; }
        sum = (sum || 0) + v;
      }
      result = sum;
    } else result = toCents(element.textContent);
    memo[id] = result;
    return result;
  }
  function recompute() {
    const memo = {};
    for (const cell of computed) {
      const v = valueOf(cell.id, memo);
      cell.textContent = Number.isNaN(v) ? "?" : format(v);
    }
  }
  grid.addEventListener("input", recompute);

  // Only the cells the user changed travel with the form (with the value the page showed, for conflicts): a save
  // of a table of thousands of 项 sends a few fields, not ten per row. Without script every cell is sent.
  // A row being removed keeps its cells, so that the server sees whether somebody else changed them meanwhile.
  let submitter = null;
  form.addEventListener("submit", (event) => { submitter = event.submitter; });
  form.addEventListener("formdata", (event) => {
    const action = submitter ? submitter.value : "";
    const removing = action.startsWith("remove:") ? action.slice(7) : null;
    for (const input of grid.querySelectorAll("input[name^='v|']")) {
      if (input.value === input.dataset.base && input.name.split("|")[1] !== removing) {
        event.formData.delete(input.name);
        event.formData.delete("b|" + input.name.slice(2));
      }
    }
  });

  // Visual positions of the inputs, for keyboard moves and pasting blocks.
  const rows = Array.from(grid.tBodies[0].rows);
  const inputs = Array.from(grid.querySelectorAll("input[id^='c-']"));
  const position = new Map();
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.cells) {
      const input = cell.querySelector("input[id^='c-']");
      if (input) position.set(input, { r, c });
      c += cell.colSpan || 1;
    }
  });
  function inputAt(r, c) {
    for (const [input, p] of position) if (p.r === r && p.c === c) return input;
    return null;
  }
  function nextInColumn(input, step) {
    const p = position.get(input);
    for (let r = p.r + step; r >= 0 && r < rows.length; r += step) {
      const found = inputAt(r, p.c);
      if (found) return found;
    }
    return null;
  }
  function nextInRow(input, step) {
    const index = inputs.indexOf(input) + step;
    return inputs[index] || null;
  }
  grid.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!position.has(input)) return;
    let target = null;
    if (event.key === "Enter") target = nextInColumn(input, event.shiftKey ? -1 : 1);
    else if (event.key === "ArrowDown") target = nextInColumn(input, 1);
    else if (event.key === "ArrowUp") target = nextInColumn(input, -1);
    else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) target = nextInRow(input, 1);
    else if (event.key === "ArrowLeft" && input.selectionEnd === 0) target = nextInRow(input, -1);
    else return;
    event.preventDefault();
    if (target) { target.focus(); target.select(); }
  });

  // Paste a block copied from a spreadsheet: tab-separated cells, one line per row. A line that starts with a
  // 科目编码 and its 科目名称 (rows copied whole from an official table) goes to that 科目's row, column by column as
  // the table prints them (computed columns keep their sums); a 科目 the table does not have is named, not pasted.
  const placeOfCode = new Map();  // 科目编码 → its row and column (公开06表 prints three blocks side by side)
  rows.forEach((row) => {
    let c = 0;
    for (const cell of row.cells) {
      if (cell.matches("td.code") && cell.textContent.trim()) placeOfCode.set(cell.textContent.trim(), { row, c });
      c += cell.colSpan || 1;
    }
  });
  const amount = (text) => !Number.isNaN(toCents(text));  // read as the cells are read
  function pasteWholeRow({ row, c: start }, values) {
    let c = 0;
    for (const cell of row.cells) {  // the printed columns from the code on: 科目编码, 科目名称, then the amounts
      const input = cell.querySelector("input[id^='c-']");
      if (input && c >= start && c - start < values.length) input.value = values[c - start].trim();
      c += cell.colSpan || 1;
    }
  }
  const codeLed = (values) => /^\d{3}(\d{2}){0,2}$/.test(values[0].trim()) && values.length > 1 && !amount(values[1]);
  const status = document.createElement("p");
  status.id = "paste-status";
  status.setAttribute("role", "status");
  grid.closest(".table-scroll").before(status);
  grid.addEventListener("paste", (event) => {
    const start = event.target;
    if (!position.has(start)) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return;
    event.preventDefault();
    const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n").map((line) => line.split("\t"));
    const byCode = lines.some(codeLed);  // rows copied with their codes: each goes to its 科目, none by position
    const unknown = [], skipped = [];
    let rowStart = start;
    for (const [index, values] of lines.entries()) {
      if (byCode) {
        const code = values[0].trim();
        if (!codeLed(values)) skipped.push(index + 1);  // a 合计 line, a blank line: no 科目 to go to
        else if (placeOfCode.has(code)) pasteWholeRow(placeOfCode.get(code), values);
        else unknown.push(code);
        continue;
      }
      if (!rowStart) continue;
      const r = position.get(rowStart).r;
      let cell = rowStart;
      for (const value of values) {
        if (!cell || position.get(cell).r !== r) break;
        cell.value = value.trim();
        cell = nextInRow(cell, 1);
      }
      rowStart = nextInColumn(rowStart, 1);  // the next row with an input in this column (skips 类/款 rows)
    }
    status.textContent = [
      unknown.length ? `未粘贴：本表没有科目 ${unknown.join("、")}。请先用下面的“添加科目（项）”添加，再粘贴这几行。` : "",
      skipped.length ? `未粘贴：第 ${skipped.join("、")} 行没有科目编码（合计行或空行），按编码粘贴时不填。` : "",
    ].join("");
    status.className = status.textContent ? "message error" : "";
    start.dispatchEvent(new Event("input", { bubbles: true }));  // typed data, not yet saved (forms.js)
    recompute();
  });

  // Removing a row that has figures asks first, naming the row. The 删除 buttons are out of the Tab order (Tab goes
  // from figure to figure); Ctrl+Delete in a row's figure presses its 删除.
  function rowName(row) {
    const code = row.querySelector("td.code");
    const label = row.querySelector("th");
    return [code ? code.textContent.trim() : "", label ? label.textContent.trim() : ""].join(" ").trim();
  }
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button.remove-row");
    if (!button) return;
    const row = button.closest("tr");
    const filled = Array.from(row.querySelectorAll("input[id^='c-']")).some((i) => i.value.trim() !== "");
    if (filled && !window.confirm(`“${rowName(row)}”已填有数据，确定删除这一行吗？`)) event.preventDefault();
  });
  grid.addEventListener("keydown", (event) => {
    if (event.key !== "Delete" || !event.ctrlKey || !position.has(event.target)) return;
    const button = event.target.closest("tr").querySelector("button.remove-row");
    if (button) { event.preventDefault(); button.click(); }
  });

  // The header rows stay in view while the table scrolls, each below the one above it.
  function stickHeader() {
    let top = 0;
    for (const row of grid.tHead.rows) {
      for (const th of row.cells) { th.style.position = "sticky"; th.style.top = top + "px"; }
      top += row.getBoundingClientRect().height;
    }
  }
  stickHeader();
  window.addEventListener("resize", stickHeader);

  // Each change of a figure is announced with the table's new total (screen readers).
  const announce = document.createElement("p");
  announce.className = "visually-hidden";
  announce.setAttribute("aria-live", "polite");
  grid.after(announce);
  grid.addEventListener("change", (event) => {
    if (!position.has(event.target)) return;
    const total = grid.querySelector("td.computed[id^='c-total-']");
    const row = event.target.closest("tr");
    const rowTotal = row.querySelector("td.computed[data-parts]");
    announce.textContent = [rowTotal ? `${rowName(row)} 合计 ${rowTotal.textContent}` : "",
                            total ? `全表合计 ${total.textContent}` : ""].filter(Boolean).join("，");
  });

  // The 项 picker: search the fiscal year's catalogue by code or name, choose, add.
  const search = document.getElementById("item-search");
  const results = document.getElementById("item-results");
  if (search && results) {
    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const query = search.value.trim();
        results.replaceChildren();
        if (!query) return;
        const response = await fetch(search.dataset.searchUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" });
        if (!response.ok) return;
        for (const [index, item] of (await response.json()).results.entries()) {
          const option = document.createElement("li");
          option.setAttribute("role", "option");
          option.id = "item-option-" + index;
          const button = document.createElement("button");
          button.type = "button";
          button.className = "pick";
          button.dataset.code = item.code;
          button.textContent = item.code + " " + item.path;
          option.appendChild(button);
          results.appendChild(option);
        }
      }, 150);
    });
    results.addEventListener("click", (event) => {
      const button = event.target.closest("button.pick");
      if (!button) return;
      search.value = button.dataset.code;
      results.replaceChildren();
      document.getElementById("add-row-button").click();
    });
    // Arrow keys move through the 科目 found; Enter adds the highlighted one (the first unless moved), or the code
    // typed: never the form's first button (a 删除).
    function highlight(step) {
      const options = Array.from(results.querySelectorAll("li[role=option]"));
      if (!options.length) return;
      const current = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
      const next = Math.max(0, Math.min(options.length - 1, current + step));
      options.forEach((o, i) => o.setAttribute("aria-selected", String(i === next)));
      search.setAttribute("aria-activedescendant", options[next].id);
      options[next].scrollIntoView({ block: "nearest" });
    }
    search.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(event.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if (event.key !== "Enter") return;
      event.preventDefault();
      const chosen = results.querySelector("li[aria-selected=true] button.pick") || results.querySelector("button.pick");
      if (chosen) chosen.click();
      else if (search.value.trim()) document.getElementById("add-row-button").click();
    });
  }

  // Enter anywhere else in the form saves; the browser's implicit submission would press the first 删除 button.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.defaultPrevented || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    document.getElementById("save-button").click();
  });
})();
