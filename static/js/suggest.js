/* Suggestions as you type, for every search box with data-suggest-url.
   The search works without this script; it only adds a short list of matching pages. */
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function setUp(input) {
    var url = input.getAttribute("data-suggest-url");
    var box = document.createElement("div");
    box.className = "suggestions";
    box.id = input.id + "-suggestions";
    box.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.form.appendChild(box);
    input.form.appendChild(status);
    input.setAttribute("aria-controls", box.id);
    var latest = 0;

    function close() {
      box.hidden = true;
    }

    function render(data) {
      box.textContent = "";
      var groups = [["Conditions", data.conditions], ["Symptoms", data.symptoms]];
      var count = 0;
      groups.forEach(function (group) {
        if (!group[1].length) { return; }
        var heading = document.createElement("p");
        heading.className = "suggestions__heading";
        heading.textContent = group[0];
        var list = document.createElement("ul");
        group[1].forEach(function (item) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = item.url;
          link.textContent = item.name;
          li.appendChild(link);
          list.appendChild(li);
          count += 1;
        });
        box.appendChild(heading);
        box.appendChild(list);
      });
      box.hidden = count === 0;
      status.textContent = count
        ? (count === 1 ? "1 suggestion" : count + " suggestions") +
          ". Press the down arrow to reach them."
        : "";
    }

    var fetchSuggestions = debounce(function (text) {
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && ticket === latest) { render(data); } })
        .catch(function () { close(); });
    }, 150);

    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (text.length < 2) { latest += 1; close(); return; }
      fetchSuggestions(text);
    });

    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !box.hidden && links().length) {
        event.preventDefault();
        links()[0].focus();
      } else if (event.key === "Escape") {
        close();
      }
    });

    box.addEventListener("keydown", function (event) {
      var items = links();
      var index = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < items.length - 1) {
        event.preventDefault();
        items[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (index > 0) { items[index - 1].focus(); } else { input.focus(); }
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });

    document.addEventListener("click", function (event) {
      if (!input.form.contains(event.target)) { close(); }
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
