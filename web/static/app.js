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
  // An answer that cannot be saved for now is kept and sent again. While the server or the line
  // is away (a 503, no answer, or any answer but the save's own, such as a page) the paused
  // notice shows and the answers go again after the wait the server asks for, or a growing one.
  // When the session has ended (the save was sent on to the login page) the notice asks for a
  // login in another tab instead, and the answers go again when the agent comes back to this one
  // or gives another. Without the script the form's save button sends every answer at once.
  var survey = document.querySelector("form[data-autosave]");
  if (survey && window.fetch) {
    var pending = {}; // field name → the value still to save
    var order = []; // the names in pending, oldest first
    var sending = false;
    var timer = 0;
    var failures = 0;
    var notices = document.querySelectorAll("[data-save-notice] [data-notice]");

    // notice shows the notice named which ("paused" or "login"), or none for "".
    var notice = function (which) {
      for (var i = 0; i < notices.length; i++) {
        notices[i].hidden = notices[i].getAttribute("data-notice") !== which;
      }
    };
    var showAt = function (name, text) {
      var message = survey.querySelector('[data-error-for="' + name + '"]');
      if (message) {
        message.textContent = text;
      }
    };
    // wait is how long to wait before trying again: the Retry-After of res, else a wait that
    // doubles from one second up to thirty.
    var wait = function (res) {
      failures++;
      var asked = res && res.headers ? Number(res.headers.get("Retry-After")) : 0;
      return asked > 0 ? asked * 1000 : Math.min(30000, 1000 * Math.pow(2, failures - 1));
    };
    // settled shows the server's word on an answer at its question, and forgets the answer
    // unless a newer one was given meanwhile.
    var settled = function (name, value, text) {
      failures = 0;
      notice("");
      showAt(name, text);
      if (pending[name] === value) {
        delete pending[name];
        order.splice(order.indexOf(name), 1);
      }
    };
    // held keeps the answers for later: until the agent is back from logging in when the session
    // has ended, else for the wait.
    var held = function (res) {
      if (res && res.redirected && new URL(res.url).pathname === "/login") {
        notice("login");
        return;
      }
      notice("paused");
      timer = window.setTimeout(function () {
        timer = 0;
        send();
      }, wait(res));
    };
    // post sends one answer. It settles with the message for the question ("" once saved), or
    // fails with whatever came instead of the save's own answer: 204, or 422 with the message as
    // text. A server that does not answer within 20 s is as good as away.
    var post = function (name, value) {
      var body = new URLSearchParams();
      body.append(name, value);
      var abort = new AbortController();
      var giveUp = window.setTimeout(function () {
        abort.abort();
      }, 20000);
      return fetch(survey.getAttribute("data-autosave"), {
        method: "POST",
        body: body,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
        signal: abort.signal
      }).then(function (res) {
        window.clearTimeout(giveUp);
        var type = res.headers.get("Content-Type") || "";
        if (res.status === 204 && !res.redirected) {
          return "";
        }
        if (res.status === 422 && type.indexOf("text/plain") === 0) {
          return res.text();
        }
        throw res;
      });
    };
    // send saves the oldest pending answer, then the next, one at a time.
    var send = function () {
      if (sending || timer || order.length === 0) {
        return;
      }
      var name = order[0];
      var value = pending[name];
      sending = true;
      post(name, value).then(function (text) {
        sending = false;
        settled(name, value, text);
        send();
      }, function (res) {
        sending = false;
        held(res);
      });
    };
    var now = function () {
      window.clearTimeout(timer);
      timer = 0;
      send();
    };
    survey.addEventListener("change", function (event) {
      var field = event.target;
      if (!field.name || field.name.indexOf("item-") !== 0) {
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(pending, field.name)) {
        order.push(field.name);
      }
      pending[field.name] = field.value;
      send();
    });
    window.addEventListener("online", now);
    window.addEventListener("focus", now);
  }
})();
