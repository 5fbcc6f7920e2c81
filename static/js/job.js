// A background job's page: poll its status every two seconds and reload once it has finished.
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section) return;
  function poll() {
    fetch(section.dataset.statusUrl, {credentials: "same-origin"}).then(function (response) {
      return response.json();
    }).then(function (status) {
      if (status.finished) { window.location.reload(); return; }
      document.getElementById("job-state").textContent = status.state_label;
      document.getElementById("job-progress").value = status.percent;
      document.getElementById("job-text").textContent = status.text;
      window.setTimeout(poll, 2000);
    }).catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
