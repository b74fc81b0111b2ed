// CSI Desk's only script. The pages run under a CSP of script-src 'self', so behaviour is bound
// here with listeners rather than inline attributes, and every page still works without it.
(function () {
  "use strict";

  // Forms with data-confirm (deletions, role removal) ask first. Listening on the document
  // catches every form, since submit events bubble.
  document.addEventListener("submit", function (event) {
    var text = event.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });

  // A button with data-print prints the page (the print stylesheet keeps the content only).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // A closed <details> hides its content whatever the CSS says, so on wide screens the menu is
  // kept open and its summary hidden; on narrow screens it starts closed behind the ☰ button.
  // Keep the width in step with the 720px breakpoint in app.css.
  var wide = window.matchMedia("(min-width: 720px)");
  var menus = document.querySelectorAll("details.menu");

  function fitMenus() {
    for (var i = 0; i < menus.length; i++) {
      menus[i].open = wide.matches;
    }
  }
  fitMenus();
  if (wide.addEventListener) {
    wide.addEventListener("change", fitMenus);
  } else {
    wide.addListener(fitMenus); // Safari before 14
  }

  // On narrow screens the open menu overlays the page; a tap elsewhere closes it.
  document.addEventListener("click", function (event) {
    if (wide.matches) {
      return;
    }
    for (var i = 0; i < menus.length; i++) {
      if (menus[i].open && !menus[i].contains(event.target)) {
        menus[i].open = false;
      }
    }
  });

  // A department select with data-store-of lists each store's departments in an <optgroup
  // data-store="id">; it offers only those of the store chosen in the select it names (none for
  // the whole group, since department roles belong to one store). Without the script every
  // group stays listed under its store's name, and the server refuses a department of another.
  var departmentSelects = document.querySelectorAll("select[data-store-of]");
  for (var d = 0; d < departmentSelects.length; d++) {
    (function (departments) {
      var store = document.getElementById(departments.getAttribute("data-store-of"));
      if (!store) {
        return;
      }
      var narrow = function () {
        var groups = departments.querySelectorAll("optgroup[data-store]");
        for (var i = 0; i < groups.length; i++) {
          var other = groups[i].getAttribute("data-store") !== store.value;
          groups[i].hidden = other;
          groups[i].disabled = other;
        }
        var chosen = departments.options[departments.selectedIndex];
        if (chosen && chosen.parentNode.disabled) {
          departments.selectedIndex = 0;
        }
      };
      store.addEventListener("change", narrow);
      narrow();
    })(departmentSelects[d]);
  }

  // A page showing work in progress (an import running) reloads itself until the work is done;
  // without the script it offers a link that does the same.
  var refresh = document.querySelector("[data-refresh]");
  if (refresh) {
    window.setTimeout(function () {
      window.location.reload();
    }, Number(refresh.getAttribute("data-refresh")) || 1000);
  }

  // A survey form saves each answer as it is given (data-autosave names where), so that a closed
  // browser or a dropped line loses nothing; a refused answer shows its message at the question.
  // Without the script the form's save button sends every answer at once.
  var survey = document.querySelector("form[data-autosave]");
  if (survey && window.fetch) {
    survey.addEventListener("change", function (event) {
      var field = event.target;
      if (!field.name || field.name.indexOf("item-") !== 0) {
        return;
      }
      var body = new URLSearchParams();
      body.append(field.name, field.value);
      var message = survey.querySelector('[data-error-for="' + field.name + '"]');
      var show = function (text) {
        if (message) {
          message.textContent = text;
        }
      };
      fetch(survey.getAttribute("data-autosave"), {
        method: "POST",
        body: body,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin"
      }).then(function (res) {
        if (res.status === 204) {
          show("");
          return null;
        }
        return res.text().then(show);
      }).catch(function () {
        show(survey.getAttribute("data-offline") || "");
      });
    });
  }
})();
