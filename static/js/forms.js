// Forms across the site: an irreversible step asks first (data-confirm on its button or its form), a slow step shows
// that it is under way (data-busy on its button), and a form of typed data (data-unsaved) warns before its page is
// left with changes not saved. A link to a field (the findings panel's, e.g. #c-2010301-basic) puts the cursor in it.
(function () {
  "use strict";
  const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (target && target.matches("input:not([disabled]), textarea:not([disabled]), select:not([disabled])")) {
    target.focus({ preventScroll: true });
  }
  // the form with changes not yet saved (a page shown again after a refused save holds them already)
  let unsaved = document.querySelector("form[data-unsaved=dirty]");

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form === unsaved) unsaved = null;  // saving: leaving the page is what it does
    const busy = button && button.dataset.busy;
    if (busy) {
      const status = document.createElement("p");
      status.className = "message info";
      status.setAttribute("role", "status");
      status.textContent = busy;
      form.after(status);
      // after the browser has read the form (a disabled button would not send its value)
      window.setTimeout(() => { button.disabled = true; button.textContent = busy; }, 0);
    }
  });

  document.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.hasAttribute("data-unsaved")) unsaved = form;
  });

  window.addEventListener("beforeunload", (event) => {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "有未保存的修改";  // browsers show their own words
  });
})();
